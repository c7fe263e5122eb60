import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Eye, Check, PaperPlane, WarningCircle } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useBlocker } from 'react-router-dom';
import { useIntl } from 'react-intl';
import { PLACEHOLDERS } from '../../../../../shared/placeholders';
import { SmsCounter } from '../components/SmsCounter';
import {
  usePreviewChoices,
  useDraftPreview,
  usePreviewTemplate,
  useSaveTemplate,
  useSendTemplateTest,
  useTemplates,
  type RenderedPreview,
  type TemplateRow,
} from '../api';
import { apiErrorForField, apiErrorMessage } from '../../../utils/errors';
import { getTranslation } from '../../../utils/getTranslation';

const KIND_ORDER = [
  'confirmation',
  'change',
  'reminder',
  'cancellation',
  'slip',
  'access-code',
  'bulk',
  'salutation',
  'greeting',
];

/** Worked examples of the conditions the templates allow (if/else/unless with eq, and, not ...). */
const CONDITION_EXAMPLES = [
  {
    key: 'online',
    code: '{{#if appointment.online}}Online: {{appointment.onlineLink}}{{else}}Ort: {{appointment.location}}{{/if}}',
    en: 'The video link for online appointments, the place for the others.',
  },
  {
    key: 'salutation',
    code: '{{#if (eq client.salutation "Frau")}}Liebe{{else}}Lieber{{/if}} {{client.firstName}}',
    en: 'A word that depends on a value: eq compares, ne is "not equal".',
  },
  {
    key: 'unless',
    code: '{{#unless appointment.online}}Bitte 10 Minuten vorher da sein.{{/unless}}',
    en: 'unless: the text only when the condition is not met.',
  },
  {
    key: 'and',
    code: '{{#if (and appointment.online (not client.formal))}}Bis gleich im Video!{{/if}}',
    en: "and, or, not combine conditions. Every block ends with its '{{/if}}' or '{{/unless}}'.",
  },
] as const;

/**
 * Asks before unsaved edits are dropped: another template picked, another
 * admin page opened (the router's blocker) or the tab closed (the browser's own question).
 */
function useLeaveGuard(dirty: boolean) {
  const [pendingPick, setPendingPick] = useState<TemplateRow | null>(null);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname
  );
  useEffect(() => {
    if (!dirty) return undefined;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);
  return {
    asking: pendingPick !== null || blocker.state === 'blocked',
    /** the template to switch to, or the page to go to, once staff agreed */
    askBeforePicking: (template: TemplateRow, pick: (template: TemplateRow) => void) =>
      dirty ? setPendingPick(template) : pick(template),
    stay: () => {
      setPendingPick(null);
      if (blocker.state === 'blocked') blocker.reset();
    },
    leave: (pick: (template: TemplateRow) => void) => {
      if (pendingPick) pick(pendingPick);
      setPendingPick(null);
      if (blocker.state === 'blocked') blocker.proceed();
    },
  };
}

const TemplatesPage = () => {
  const { formatMessage, locale: uiLocale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { toggleNotification } = useNotification();
  const [filters, setFilters] = useState({ locale: 'de', channel: 'sms' });
  const { data: templates, isLoading, isError } = useTemplates(filters);
  const [selected, setSelected] = useState<TemplateRow | null>(null);
  const [draft, setDraft] = useState({ body: '', subject: '' });
  const [preview, setPreview] = useState<{
    typical: RenderedPreview;
    worstCase: RenderedPreview;
  } | null>(null);
  const save = useSaveTemplate();
  const previewTemplate = usePreviewTemplate();
  const { data: drafted } = useDraftPreview(selected?.id ?? null, draft.body);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  /** what is wrong with the unsaved text, in the admin's language, shown at the field */
  const draftProblem = drafted?.typical.reason
    ? uiLocale.startsWith('de')
      ? drafted.typical.reason.de
      : drafted.typical.reason.en
    : null;
  const { data: choices } = usePreviewChoices();
  const sendTest = useSendTemplateTest();
  const [appointmentId, setAppointmentId] = useState<string>('');
  const [testTo, setTestTo] = useState('');

  useEffect(() => {
    if (selected) setDraft({ body: selected.body, subject: selected.subject ?? '' });
    setPreview(null);
  }, [selected]);
  const dirty =
    selected !== null &&
    (draft.body !== selected.body || draft.subject !== (selected.subject ?? ''));
  const guard = useLeaveGuard(dirty);
  const pick = (template: TemplateRow) => {
    setSaveProblem(null);
    setSelected(template);
  };

  if (isError) return <Page.Error />;
  const sorted = [...(templates ?? [])].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.addressForm.localeCompare(b.addressForm)
  );

  const onSave = () =>
    selected &&
    save.mutate(
      { id: selected.id, body: draft.body, subject: draft.subject || null },
      {
        onSuccess: (saved) => {
          setSaveProblem(null);
          setSelected(saved);
          toggleNotification({ type: 'success', message: t('templates.saved', 'Template saved') });
        },
        onError: (error) => {
          // the field keeps the text and says what is wrong with it
          setSaveProblem(apiErrorForField(error, 'body', uiLocale) ?? null);
          toggleNotification({ type: 'danger', message: apiErrorMessage(error, uiLocale) });
        },
      }
    );

  const onPreview = () =>
    selected &&
    previewTemplate.mutate(
      { id: selected.id, appointmentId: appointmentId || undefined },
      {
        onSuccess: setPreview,
        onError: (error) => toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
      }
    );

  const onSendTest = () =>
    selected &&
    sendTest.mutate(
      { id: selected.id, to: testTo, appointmentId: appointmentId || undefined },
      {
        onSuccess: () =>
          toggleNotification({
            type: 'success',
            message: t('settings.test.queued', 'Test message queued; see the send log'),
          }),
        onError: (error) => toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
      }
    );

  const previewBox = (label: string, rendered: RenderedPreview, testId: string) => (
    <Box background="neutral100" padding={3} hasRadius data-testid={testId}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>
        {rendered.text ?? rendered.error}
      </Typography>
      {rendered.analysis && (
        <Typography variant="pi" textColor="neutral600" data-testid={`${testId}-figures`}>
          {t('templates.previewFigures', '{segments} SMS · {encoding} · {cost} ct', {
            segments: rendered.analysis.segments,
            encoding: rendered.analysis.encoding,
            cost: rendered.analysis.costCents.toLocaleString(uiLocale),
          })}
        </Typography>
      )}
    </Box>
  );

  return (
    <Page.Main>
      <Page.Title>{t('templates.title', 'Templates')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} fallback=".." />}
        title={t('templates.title', 'Templates')}
        subtitle={t('templates.subtitle', 'Texts of the automatic and manual messages')}
      />
      <Layouts.Content>
        <Flex gap={2} paddingBottom={4}>
          <Box minWidth="160px">
            <SingleSelect
              aria-label={t('templates.locale', 'Language')}
              value={filters.locale}
              onChange={(selected: string | number) =>
                setFilters({ ...filters, locale: String(selected) })
              }
            >
              <SingleSelectOption value="de">Deutsch</SingleSelectOption>
              <SingleSelectOption value="en">English</SingleSelectOption>
            </SingleSelect>
          </Box>
          <Box minWidth="160px">
            <SingleSelect
              aria-label={t('templates.channel', 'Channel')}
              value={filters.channel}
              onChange={(selected: string | number) =>
                setFilters({ ...filters, channel: String(selected) })
              }
            >
              <SingleSelectOption value="sms">{t('channel.sms', 'SMS')}</SingleSelectOption>
              <SingleSelectOption value="threema">
                {t('channel.threema', 'Threema')}
              </SingleSelectOption>
              <SingleSelectOption value="email">{t('channel.email', 'E-mail')}</SingleSelectOption>
            </SingleSelect>
          </Box>
        </Flex>
        <Grid.Root gap={6}>
          <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
            {isLoading ? (
              <Page.Loading />
            ) : (
              <Table colCount={2} rowCount={sorted.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('templates.kind', 'Kind')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('templates.form', 'Address')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {sorted.map((template) => (
                    <Tr
                      key={template.id}
                      onClick={() =>
                        selected?.id !== template.id && guard.askBeforePicking(template, pick)
                      }
                      style={{
                        cursor: 'pointer',
                        background:
                          selected?.id === template.id
                            ? 'var(--strapi-colors-primary100, #f0f0ff)'
                            : undefined,
                      }}
                      data-testid="template-row"
                      data-kind={template.kind}
                      data-form={template.addressForm}
                    >
                      <Td>
                        <Typography>{t(`templateKind.${template.kind}`, template.kind)}</Typography>
                      </Td>
                      <Td>
                        <Typography>
                          {template.addressForm === 'formal'
                            ? t('templates.formal', 'Sie (formal)')
                            : t('templates.informal', 'du (informal)')}
                        </Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </Grid.Item>
          <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
            {!selected ? (
              <Typography textColor="neutral600">
                {t('templates.pick', 'Pick a template on the left.')}
              </Typography>
            ) : (
              <Flex direction="column" alignItems="stretch" gap={4} data-testid="template-editor">
                {selected.channel === 'email' && (
                  <Field.Root name="subject">
                    <Field.Label>{t('templates.subject', 'Subject')}</Field.Label>
                    <TextInput
                      value={draft.subject}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        setDraft({ ...draft, subject: event.target.value })
                      }
                    />
                  </Field.Root>
                )}
                <Field.Root name="body" error={saveProblem ?? draftProblem ?? undefined}>
                  <Field.Label>{t('templates.body', 'Text')}</Field.Label>
                  <Textarea
                    value={draft.body}
                    rows={6}
                    onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                      setSaveProblem(null);
                      setDraft({ ...draft, body: event.target.value });
                    }}
                  />
                  <Field.Error />
                </Field.Root>
                {drafted?.typical.text != null && (
                  <SmsCounter
                    text={drafted.typical.text}
                    source={draft.body}
                    worstCase={drafted.worstCase.text}
                    channel={selected.channel}
                    onApplySuggestion={(body) => setDraft({ ...draft, body })}
                  />
                )}
                <Flex gap={2}>
                  <Button startIcon={<Check />} onClick={onSave} loading={save.isLoading}>
                    {t('templates.save', 'Save')}
                  </Button>
                  <Button
                    variant="secondary"
                    startIcon={<Eye />}
                    onClick={onPreview}
                    loading={previewTemplate.isLoading}
                  >
                    {t('templates.preview', 'Preview (saved text)')}
                  </Button>
                </Flex>
                <Flex gap={2} alignItems="flex-end" wrap="wrap">
                  <Box minWidth="280px">
                    <Field.Root name="previewAppointment">
                      <Field.Label>
                        {t('templates.previewWith', 'Preview with appointment')}
                      </Field.Label>
                      <SingleSelect
                        placeholder={t('templates.examples', 'Example values')}
                        value={appointmentId}
                        onChange={(selected: string | number) => setAppointmentId(String(selected))}
                        onClear={() => setAppointmentId('')}
                      >
                        {(choices ?? []).map((choice) => (
                          <SingleSelectOption
                            key={choice.appointmentId}
                            value={choice.appointmentId}
                          >
                            {choice.label}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                    </Field.Root>
                  </Box>
                  <Box grow={1}>
                    <Field.Root name="testTo">
                      <Field.Label>{t('templates.testTo', 'Send a test to')}</Field.Label>
                      <TextInput
                        value={testTo}
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                          setTestTo(event.target.value)
                        }
                      />
                    </Field.Root>
                  </Box>
                  <Button
                    variant="secondary"
                    startIcon={<PaperPlane />}
                    onClick={onSendTest}
                    loading={sendTest.isLoading}
                    disabled={!testTo}
                  >
                    {t('templates.sendTest', 'Send test')}
                  </Button>
                </Flex>
                {preview && (
                  <Flex direction="column" alignItems="stretch" gap={2}>
                    {previewBox(
                      t('templates.typical', 'With typical values'),
                      preview.typical,
                      'preview-typical'
                    )}
                    {previewBox(
                      t('templates.worst', 'Worst case: the longest names and places in your data'),
                      preview.worstCase,
                      'preview-worst'
                    )}
                  </Flex>
                )}
                <Box background="neutral100" padding={3} hasRadius data-testid="conditions-help">
                  <Typography variant="delta" tag="h3">
                    {t(
                      'templates.conditions',
                      'If / else: text only for some appointments or clients'
                    )}
                  </Typography>
                  <Box tag="ul" paddingTop={2}>
                    {CONDITION_EXAMPLES.map((example) => (
                      <Box tag="li" key={example.key} paddingBottom={2}>
                        <Typography variant="pi" tag="p">
                          <code>{example.code}</code>
                        </Typography>
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {t(`templates.conditions.${example.key}`, example.en)}
                        </Typography>
                      </Box>
                    ))}
                  </Box>
                </Box>
                <Box>
                  <Typography variant="delta" tag="h3">
                    {t('templates.placeholders', 'Placeholders')}
                  </Typography>
                  <Box tag="ul" paddingTop={2}>
                    {PLACEHOLDERS.map((placeholder) => (
                      <Box tag="li" key={placeholder.path} paddingBottom={1}>
                        <Typography variant="pi">
                          <code>{`{{${placeholder.path}}}`}</code> —{' '}
                          {uiLocale.startsWith('de') ? placeholder.de : placeholder.en} (
                          {String(placeholder.example)})
                        </Typography>
                      </Box>
                    ))}
                  </Box>
                </Box>
              </Flex>
            )}
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
      <Dialog.Root open={guard.asking} onOpenChange={(open: boolean) => !open && guard.stay()}>
        <Dialog.Content>
          <Dialog.Header>{t('templates.leave.title', 'Discard the changes?')}</Dialog.Header>
          <Dialog.Body icon={<WarningCircle fill="warning600" />}>
            {t(
              'templates.leave.body',
              'The text of this template was changed and not saved. The changes are lost if you go on.'
            )}
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button fullWidth variant="tertiary" onClick={guard.stay}>
                {t('templates.leave.stay', 'Keep editing')}
              </Button>
            </Dialog.Cancel>
            <Dialog.Action>
              <Button fullWidth variant="danger-light" onClick={() => guard.leave(pick)}>
                {t('templates.leave.discard', 'Discard changes')}
              </Button>
            </Dialog.Action>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Page.Main>
  );
};

export default TemplatesPage;
