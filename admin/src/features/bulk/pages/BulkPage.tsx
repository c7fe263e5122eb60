import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  MultiSelect,
  MultiSelectOption,
  Radio,
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
import { Eye, PaperPlane } from '@strapi/icons';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  BULK_CHANNEL_CHOICES,
  type BulkChannel,
  type BulkPreview,
  type BulkRecipients,
  type BulkRequest,
} from '../../../../../shared/contracts/bulk';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { CostSummary } from '../components/CostSummary';
import { JobsOfKind, PluginPage, StalePreviewNote } from '../../../components/PluginPage';
import { SmsCounter } from '../../templates/components/SmsCounter';
import { useBulkPreview, useStartBulk } from '../api';
import { useHostMapping, useRecordTypes } from '../../notices/api';
import { usePreview } from '../hooks/usePreview';
import { useChoiceLabel } from '../hooks/useChoiceLabel';
import { PERMISSIONS } from '../../../permissions';
import { dayRangeInstants, localDay } from '../../../utils/dates';
import { idList } from '../../../utils/idList';
import { useFormatMoney } from '../../../utils/money';
import { useT } from '../../../utils/useT';

type RecipientMode = 'all' | 'recordTypes' | 'appointments' | 'selected';

interface RecipientForm {
  mode: RecipientMode;
  recordTypes: string[];
  from: string;
  to: string;
  /** client documentIds passed in the URL (Content Manager bulk action) */
  preselected: string[];
}

const recipientsOf = (form: RecipientForm): BulkRecipients => {
  switch (form.mode) {
    case 'all':
      return { all: true };
    case 'recordTypes':
      return { recordTypes: form.recordTypes };
    case 'selected':
      return { clientIds: form.preselected };
    case 'appointments':
      return dayRangeInstants(form.from, form.to);
  }
};

interface RecipientsChoiceProps {
  form: RecipientForm;
  onChange: (form: RecipientForm) => void;
  /** the server's message when it refused this field */
  errorFor: (field: string) => string | undefined;
}

const RecipientsChoice = ({ form, onChange, errorFor }: RecipientsChoiceProps) => {
  const t = useT();
  const { data: mapping } = useHostMapping();
  const recordTypes = useRecordTypes(mapping?.recordTypeUid, mapping?.recordTypeNameField);
  const modes: RecipientMode[] =
    form.preselected.length > 0
      ? ['selected', 'all', 'recordTypes', 'appointments']
      : ['all', 'recordTypes', 'appointments'];
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Radio.Group
        aria-label={t('bulk.recipients', 'Recipients')}
        value={form.mode}
        onValueChange={(mode: string) => onChange({ ...form, mode: mode as RecipientMode })}
      >
        {modes.map((mode) => (
          <Radio.Item key={mode} value={mode}>
            {mode === 'selected'
              ? t(
                  'bulk.recipients.selected',
                  '{count, plural, one {# client} other {# clients}} chosen in the client list',
                  { count: form.preselected.length }
                )
              : t(`bulk.recipients.${mode}`, mode)}
          </Radio.Item>
        ))}
      </Radio.Group>
      {form.mode === 'recordTypes' && (
        <Field.Root
          name="recordTypes"
          error={errorFor('recipients')}
          hint={
            recordTypes.isError
              ? t(
                  'bulk.recordTypes.unavailable',
                  'The record types could not be loaded (Content Manager permission?).'
                )
              : undefined
          }
        >
          <Field.Label>{t('bulk.recordTypes', 'Record types')}</Field.Label>
          <MultiSelect
            withTags
            placeholder={t('bulk.recordTypes.placeholder', 'Choose one or more record types')}
            value={form.recordTypes}
            // opened before the list has loaded, the menu would stay empty
            disabled={!recordTypes.data}
            onChange={(values: string[]) => onChange({ ...form, recordTypes: values })}
            onClear={() => onChange({ ...form, recordTypes: [] })}
          >
            {(recordTypes.data ?? []).map((type) => (
              <MultiSelectOption key={type.documentId} value={type.documentId}>
                {type.name ?? type.documentId}
              </MultiSelectOption>
            ))}
          </MultiSelect>
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      )}
      {form.mode === 'appointments' && (
        <Flex gap={4} wrap="wrap">
          <Field.Root name="appointmentsFrom" error={errorFor('recipients.appointmentsFrom')}>
            <Field.Label>{t('bulk.appointmentsFrom', 'Appointments from')}</Field.Label>
            <TextInput
              type="date"
              value={form.from}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                onChange({ ...form, from: event.target.value })
              }
            />
            <Field.Error />
          </Field.Root>
          <Field.Root name="appointmentsTo" error={errorFor('recipients.appointmentsTo')}>
            <Field.Label>{t('bulk.appointmentsTo', 'to (including)')}</Field.Label>
            <TextInput
              type="date"
              value={form.to}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                onChange({ ...form, to: event.target.value })
              }
            />
            <Field.Error />
          </Field.Root>
        </Flex>
      )}
    </Flex>
  );
};

/** Exactly what sending would do: recipients per channel, who cannot be reached and why, segments and price. */
const BulkPreviewView = ({ preview }: { preview: BulkPreview }) => {
  const t = useT();
  const reasons = (codes: string[]) => codes.map((code) => t(`reason.${code}`, code)).join(', ');
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="bulk-preview">
      <Typography variant="delta" tag="h2">
        {t('bulk.preview.title', 'Preview')}
      </Typography>
      <Typography data-testid="preview-total">
        {t(
          'bulk.preview.summary',
          '{total, plural, one {# client} other {# clients}}: {reachable} reachable, {unreachable} not reachable',
          {
            total: preview.total,
            reachable: preview.reachable.length,
            unreachable: preview.unreachable.length,
          }
        )}
      </Typography>
      <Flex gap={4} wrap="wrap">
        {(['email', 'sms', 'threema'] as const).map((channel) => (
          <Box
            key={channel}
            padding={4}
            background="neutral100"
            hasRadius
            style={{ minWidth: 150 }}
            data-testid={`preview-channel-${channel}`}
          >
            <Typography variant="alpha" tag="p">
              {preview.perChannel[channel]}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t(`channel.${channel}`, channel)}
              {channel === 'sms' && preview.perChannel.sms > 0
                ? ` · ${t('bulk.preview.segments', '{segments, plural, one {# segment} other {# segments}} each', { segments: preview.segments })}`
                : ''}
            </Typography>
          </Box>
        ))}
      </Flex>
      <CostSummary cost={preview.cost} emails={preview.perChannel.email} />
      {preview.unreachable.length > 0 && (
        <Box data-testid="preview-unreachable">
          <Typography variant="sigma" textColor="danger600">
            {t('bulk.preview.unreachable', 'Not reachable on this channel')}
          </Typography>
          <Box tag="ul" paddingTop={2}>
            {preview.unreachable.map((client) => (
              <Box tag="li" key={client.clientId} paddingBottom={1}>
                <Typography fontWeight="bold">{client.name}</Typography>{' '}
                <Typography variant="pi" textColor="neutral600">
                  {reasons(client.reasons)}
                </Typography>
              </Box>
            ))}
          </Box>
        </Box>
      )}
      {preview.reachable.length > 0 && (
        <Box data-testid="preview-reachable">
          <Typography variant="sigma" textColor="neutral600">
            {t('bulk.preview.reachable', 'Recipients ({count})', {
              count: preview.reachable.length,
            })}
          </Typography>
          {/* a long list scrolls inside the preview, so the price stays in sight */}
          <Box paddingTop={2} style={{ maxHeight: 320, overflowY: 'auto' }}>
            <Table colCount={2} rowCount={preview.reachable.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('bulk.preview.client', 'Client')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.channel', 'Channel')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {preview.reachable.map((client) => (
                  <Tr key={client.clientId}>
                    <Td>
                      <Typography>{client.name}</Typography>
                    </Td>
                    <Td>
                      <Badge>{t(`channel.${client.channel}`, client.channel)}</Badge>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        </Box>
      )}
    </Flex>
  );
};

const BulkForm = () => {
  const t = useT();
  const money = useFormatMoney();
  const [searchParams] = useSearchParams();
  const preselected = useMemo(() => idList(searchParams.get('clients')), [searchParams]);
  const [recipients, setRecipients] = useState<RecipientForm>({
    mode: preselected.length > 0 ? 'selected' : 'all',
    recordTypes: [],
    from: localDay(0),
    to: localDay(13),
    preselected,
  });
  const [channel, setChannel] = useState<BulkChannel>('best');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [jobId, setJobId] = useState<number | null>(null);
  const preview = usePreview(useBulkPreview());
  const start = useStartBulk();
  const choiceLabel = useChoiceLabel();

  // "best" may end in an e-mail, so it needs the subject too.
  const mayEmail = channel === 'email' || channel === 'best';
  const request: BulkRequest = {
    recipients: recipientsOf(recipients),
    channel,
    text,
    ...(mayEmail && subject.trim() ? { subject: subject.trim() } : {}),
  };
  const shown = preview.result;
  const sendable = shown !== null && preview.isCurrentFor(request) && shown.reachable.length > 0;

  const send = () => {
    preview.dismissError();
    start.mutate(request, {
      onSuccess: (batch) => {
        setJobId(batch.id);
        preview.clear();
      },
      onError: preview.fail,
    });
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box>
            <Typography variant="delta" tag="h2">
              {t('bulk.recipients', 'Recipients')}
            </Typography>
            <Box paddingTop={3}>
              <RecipientsChoice
                form={recipients}
                onChange={setRecipients}
                errorFor={preview.errorFor}
              />
            </Box>
          </Box>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="delta" tag="h2">
              {t('bulk.message', 'Message')}
            </Typography>
            <Flex gap={4} wrap="wrap" alignItems="flex-start">
              <Box minWidth="240px">
                <Field.Root name="channel" error={preview.errorFor('channel')}>
                  <Field.Label>{t('panel.channel', 'Channel')}</Field.Label>
                  <SingleSelect
                    value={channel}
                    onChange={(selected: string | number) =>
                      setChannel(String(selected) as BulkChannel)
                    }
                  >
                    {BULK_CHANNEL_CHOICES.map((choice) => (
                      <SingleSelectOption key={choice} value={choice}>
                        {choiceLabel(choice)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Box>
              {mayEmail && (
                <Box grow={1} minWidth="280px">
                  <Field.Root
                    name="subject"
                    error={preview.errorFor('subject')}
                    hint={t(
                      'bulk.subject.hint',
                      'For e-mails. Empty: "Nachricht von" and the practice name'
                    )}
                  >
                    <Field.Label>{t('templates.subject', 'Subject')}</Field.Label>
                    <TextInput
                      value={subject}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        setSubject(event.target.value)
                      }
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Box>
              )}
            </Flex>
            <Field.Root
              name="text"
              error={preview.errorFor('text')}
              hint={
                channel === 'best'
                  ? t(
                      'bulk.best.hint',
                      'Best per client: Threema where possible, else SMS, else e-mail. The counter shows the SMS case.'
                    )
                  : undefined
              }
            >
              <Field.Label>{t('templates.body', 'Text')}</Field.Label>
              <Textarea
                rows={6}
                value={text}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setText(event.target.value)
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <SmsCounter
              text={text}
              channel={channel === 'best' ? 'sms' : channel}
              onApplySuggestion={setText}
            />
          </Flex>
          <Flex gap={2}>
            <Button
              variant="secondary"
              startIcon={<Eye />}
              onClick={() => preview.run(request)}
              loading={preview.isLoading}
              disabled={!text.trim()}
            >
              {t('bulk.preview', 'Preview')}
            </Button>
            <ConfirmButton
              label={t('bulk.send', 'Send')}
              title={t('bulk.confirm.title', 'Send this message now?')}
              startIcon={<PaperPlane />}
              disabled={!sendable}
              loading={start.isLoading}
              onConfirm={send}
            >
              {shown
                ? t(
                    'bulk.confirm.body',
                    'The message goes to {count, plural, one {# client} other {# clients}} now and costs {total}. It cannot be taken back.',
                    {
                      count: shown.reachable.length,
                      total: money.euro(shown.cost.totalTenthCents),
                    }
                  )
                : ''}
            </ConfirmButton>
            <StalePreviewNote stale={Boolean(shown) && !preview.isCurrentFor(request)} />
          </Flex>
          <ApiErrorAlert message={preview.error} onClose={preview.dismissError} />
          {shown && <BulkPreviewView preview={shown} />}
        </Flex>
      </Box>
      <JobsOfKind kind="bulk" jobId={jobId} onSelect={setJobId} />
    </Flex>
  );
};

/** Messaging → Bulk message: one text to many clients, previewed with its price, sent as a job with progress. */
const BulkPage = () => {
  const t = useT();
  return (
    <PluginPage
      permissions={PERMISSIONS.bulkSend}
      title={t('bulk.title', 'Bulk message')}
      subtitle={t(
        'bulk.subtitle',
        'One text to many clients, e.g. "The practice is closed from 23.12. to 2.1."'
      )}
    >
      <BulkForm />
    </PluginPage>
  );
};

export default BulkPage;
