import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  IconButton,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Toggle,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Eye, Plus, Trash, CrossCircle } from '@strapi/icons';
import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import {
  CANCEL_CHANNEL_CHOICES,
  type CancelChannel,
  type MassCancellationPreview,
  type MassCancellationRequest,
  type MassCancellationSelection,
} from '../../../../../shared/contracts/bulk';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { CostSummary } from '../components/CostSummary';
import { JobsOfKind, PluginPage, StalePreviewNote } from '../../../components/PluginPage';
import { useMassCancellationPreview, useStartMassCancellation } from '../api';
import { useSettings } from '../../settings/api';
import { usePreview } from '../hooks/usePreview';
import { useChoiceLabel } from '../hooks/useChoiceLabel';
import { PERMISSIONS } from '../../../permissions';
import { dayAfter, localDay } from '../../../utils/dates';
import { idList } from '../../../utils/idList';
import { useFormatMoney } from '../../../utils/money';
import { useT } from '../../../utils/useT';

interface SelectionForm {
  mode: 'days' | 'appointments';
  days: string[];
  from: string;
  to: string;
  /** appointment documentIds passed in the URL (Content Manager bulk action) */
  preselected: string[];
}

const selectionOf = (form: SelectionForm): MassCancellationSelection =>
  form.mode === 'appointments'
    ? { appointmentIds: form.preselected }
    : {
        days: form.days,
        ...(form.from ? { from: form.from } : {}),
        ...(form.to ? { to: form.to } : {}),
      };

const ChannelSelect = ({
  value,
  onChange,
  label,
  reachable,
}: {
  value: CancelChannel;
  onChange: (value: CancelChannel) => void;
  label: string;
  /** expert mode: the single channels this client can receive; the others are marked and cannot be chosen */
  reachable?: string[];
}) => {
  const choiceLabel = useChoiceLabel();
  const single = (choice: CancelChannel) =>
    choice === 'email' || choice === 'sms' || choice === 'threema';
  return (
    <SingleSelect
      aria-label={label}
      value={value}
      onChange={(selected: string | number) => onChange(String(selected) as CancelChannel)}
    >
      {CANCEL_CHANNEL_CHOICES.map((choice) => {
        const cannot = reachable !== undefined && single(choice) && !reachable.includes(choice);
        return (
          <SingleSelectOption key={choice} value={choice} disabled={cannot}>
            {choiceLabel(choice, cannot)}
          </SingleSelectOption>
        );
      })}
    </SingleSelect>
  );
};

interface DaysChoiceProps {
  form: SelectionForm;
  onChange: (form: SelectionForm) => void;
  /** the server's message when it refused this field */
  errorFor: (field: string) => string | undefined;
}

const DaysChoice = ({ form, onChange, errorFor }: DaysChoiceProps) => {
  const t = useT();
  const setDay = (index: number, day: string) =>
    onChange({ ...form, days: form.days.map((current, i) => (i === index ? day : current)) });
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {form.preselected.length > 0 && (
        <Radio.Group
          aria-label={t('mass.which', 'Which appointments')}
          value={form.mode}
          onValueChange={(mode: string) =>
            onChange({ ...form, mode: mode as SelectionForm['mode'] })
          }
        >
          <Radio.Item value="appointments">
            {t(
              'mass.selected',
              '{count, plural, one {# appointment} other {# appointments}} chosen in the appointment list',
              { count: form.preselected.length }
            )}
          </Radio.Item>
          <Radio.Item value="days">{t('mass.byDays', 'All appointments on these days')}</Radio.Item>
        </Radio.Group>
      )}
      {form.mode === 'days' && (
        <Flex gap={6} wrap="wrap" alignItems="flex-start">
          <Flex direction="column" alignItems="stretch" gap={2} data-testid="mass-days">
            {form.days.map((day, index) => (
              <Flex key={index} gap={2} alignItems="flex-end">
                <Field.Root name={`days.${index}`} error={errorFor(`days.${index}`)}>
                  <Field.Label>{t('mass.day', 'Day {number}', { number: index + 1 })}</Field.Label>
                  <TextInput
                    type="date"
                    value={day}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setDay(index, event.target.value)
                    }
                  />
                  <Field.Error />
                </Field.Root>
                {form.days.length > 1 && (
                  <IconButton
                    label={t('mass.removeDay', 'Remove day {number}', { number: index + 1 })}
                    variant="ghost"
                    onClick={() =>
                      onChange({ ...form, days: form.days.filter((_, i) => i !== index) })
                    }
                  >
                    <Trash />
                  </IconButton>
                )}
              </Flex>
            ))}
            <Box>
              <Button
                variant="tertiary"
                startIcon={<Plus />}
                onClick={() =>
                  onChange({
                    ...form,
                    days: [...form.days, dayAfter(form.days[form.days.length - 1] ?? '')],
                  })
                }
              >
                {t('mass.addDay', 'Add a day')}
              </Button>
            </Box>
          </Flex>
          <Flex gap={4} alignItems="flex-start">
            <Field.Root name="from" error={errorFor('from')} hint={t('mass.time.hint', 'optional')}>
              <Field.Label>{t('mass.from', 'From (time)')}</Field.Label>
              <TextInput
                type="time"
                value={form.from}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  onChange({ ...form, from: event.target.value })
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="to" error={errorFor('to')} hint={t('mass.time.hint', 'optional')}>
              <Field.Label>{t('mass.to', 'To (time)')}</Field.Label>
              <TextInput
                type="time"
                value={form.to}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  onChange({ ...form, to: event.target.value })
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Flex>
        </Flex>
      )}
    </Flex>
  );
};

type PreviewAppointment = MassCancellationPreview['appointments'][number];

interface PreviewProps {
  preview: MassCancellationPreview;
  /** every appointment of the chosen days (or the list's choice), ticked or not */
  candidates: PreviewAppointment[];
  /** the ones staff unticked: they stay as they are */
  excluded: string[];
  onToggle: (appointmentId: string, cancel: boolean) => void;
  /** expert mode: a channel per client, changed right in the list */
  perClient: Record<string, CancelChannel> | null;
  channel: CancelChannel;
  onPerClient: (clientId: string, channel: CancelChannel) => void;
  timeZone: string | undefined;
}

/** The affected appointments with what each client will get, and the price. */
const MassCancellationPreviewView = ({
  preview,
  candidates,
  excluded,
  onToggle,
  perClient,
  channel,
  onPerClient,
  timeZone,
}: PreviewProps) => {
  const t = useT();
  const { locale } = useIntl();
  const when = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const messages = preview.appointments.reduce(
    (sum, appointment) => sum + appointment.messages.length,
    0
  );
  const emails = preview.appointments.reduce(
    (sum, appointment) => sum + appointment.messages.filter((m) => m.channel === 'email').length,
    0
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="mass-preview">
      <Typography variant="delta" tag="h2">
        {t('bulk.preview.title', 'Preview')}
      </Typography>
      <Typography data-testid="preview-total">
        {t(
          'mass.preview.summary',
          '{total, plural, one {# appointment} other {# appointments}} to cancel, {messages, plural, one {# message} other {# messages}} to send',
          {
            total: preview.total,
            messages,
          }
        )}
      </Typography>
      {preview.waitlist && (
        <Typography variant="pi" textColor="neutral600">
          {t('mass.preview.waitlist', 'The clients are put on the waitlist.')}
        </Typography>
      )}
      {candidates.length > 0 && (
        <Table colCount={5} rowCount={candidates.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('mass.col.cancel', 'Cancel')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('mass.col.time', 'Appointment')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('bulk.preview.client', 'Client')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('log.col.channel', 'Channel')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('mass.col.text', 'Message')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {candidates.map((candidate) => {
              const kept = excluded.includes(candidate.appointmentId);
              const appointment =
                preview.appointments.find((a) => a.appointmentId === candidate.appointmentId) ??
                candidate;
              const label = `${appointment.name}, ${when.format(new Date(appointment.start))}`;
              return (
                <Tr
                  key={appointment.appointmentId}
                  data-testid="mass-row"
                  data-appointment={appointment.appointmentId}
                  data-kept={kept ? 'true' : 'false'}
                >
                  <Td>
                    <Checkbox
                      aria-label={t('mass.tick', 'Cancel {appointment}', { appointment: label })}
                      checked={!kept}
                      onCheckedChange={(checked: boolean | 'indeterminate') =>
                        onToggle(appointment.appointmentId, checked === true)
                      }
                    />
                  </Td>
                  <Td>
                    <Typography textColor={kept ? 'neutral500' : undefined}>
                      {when.format(new Date(appointment.start))}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography textColor={kept ? 'neutral500' : undefined}>
                      {appointment.name}
                    </Typography>
                  </Td>
                  {kept ? (
                    <Td colSpan={2}>
                      <Typography variant="pi" textColor="neutral600" data-testid="mass-kept">
                        {t('mass.kept', 'Not cancelled: stays as it is, no message.')}
                      </Typography>
                    </Td>
                  ) : (
                    <>
                      <Td>
                        <Flex direction="column" alignItems="flex-start" gap={2}>
                          {perClient && appointment.clientId && (
                            <Box minWidth="200px">
                              <ChannelSelect
                                label={t('mass.perClient', 'Channel for {name}', {
                                  name: appointment.name,
                                })}
                                value={perClient[appointment.clientId] ?? channel}
                                reachable={appointment.reachableChannels}
                                onChange={(value) => onPerClient(appointment.clientId!, value)}
                              />
                            </Box>
                          )}
                          <Flex gap={1} wrap="wrap">
                            {appointment.messages.map((message) => (
                              <Badge key={message.channel} title={message.to}>
                                {t(`channel.${message.channel}`, message.channel)}
                              </Badge>
                            ))}
                            {appointment.messages.length === 0 &&
                              appointment.unreachable.length === 0 &&
                              !(
                                perClient &&
                                appointment.clientId &&
                                (perClient[appointment.clientId] ?? channel) === 'none'
                              ) && (
                                <Typography variant="pi" textColor="neutral600">
                                  {t('choice.none', 'No message')}
                                </Typography>
                              )}
                          </Flex>
                        </Flex>
                      </Td>
                      <Td style={{ whiteSpace: 'normal', maxWidth: 520 }}>
                        {appointment.messages[0]?.text && (
                          <Typography
                            variant="pi"
                            tag="p"
                            style={{ whiteSpace: 'pre-wrap' }}
                            data-testid="mass-text"
                          >
                            {appointment.messages[0].text}
                          </Typography>
                        )}
                        {appointment.unreachable.length > 0 && (
                          <Typography
                            variant="pi"
                            textColor="danger600"
                            data-testid="mass-unreachable"
                          >
                            {t('mass.unreachable', 'Not reachable: {reasons}', {
                              reasons: appointment.unreachable
                                .map((code) => t(`reason.${code}`, code))
                                .join(', '),
                            })}
                          </Typography>
                        )}
                      </Td>
                    </>
                  )}
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      <CostSummary cost={preview.cost} emails={emails} />
    </Flex>
  );
};

const MassCancellationForm = () => {
  const t = useT();
  const money = useFormatMoney();
  const { data: settings } = useSettings();
  const [searchParams] = useSearchParams();
  const preselected = useMemo(() => idList(searchParams.get('appointments')), [searchParams]);
  const [selection, setSelection] = useState<SelectionForm>({
    mode: preselected.length > 0 ? 'appointments' : 'days',
    days: [localDay(0)],
    from: '',
    to: '',
    preselected,
  });
  const [channel, setChannel] = useState<CancelChannel>('auto');
  const [expert, setExpert] = useState(false);
  const [perClient, setPerClient] = useState<Record<string, CancelChannel>>({});
  const [waitlist, setWaitlist] = useState(false);
  const [reason, setReason] = useState('');
  const [jobId, setJobId] = useState<number | null>(null);
  /** the appointments the chosen days (or the list's choice) hold: shown with a tick each */
  const [candidates, setCandidates] = useState<PreviewAppointment[] | null>(null);
  const [excluded, setExcluded] = useState<string[]>([]);
  const preview = usePreview(useMassCancellationPreview());
  const start = useStartMassCancellation();

  // A preview of the whole selection (nothing unticked) lists what can be ticked.
  useEffect(() => {
    if (preview.result && excluded.length === 0) setCandidates(preview.result.appointments);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new preview changes the list
  }, [preview.result]);

  /** Unticked appointments turn the request into the ticked ones, by id: exactly those are cancelled. */
  const selectionWith = (kept: string[]): MassCancellationSelection =>
    kept.length > 0 && candidates
      ? {
          appointmentIds: candidates.map((c) => c.appointmentId).filter((id) => !kept.includes(id)),
        }
      : selectionOf(selection);

  const requestWith = (
    choices: Record<string, CancelChannel>,
    kept: string[] = excluded
  ): MassCancellationRequest => ({
    ...selectionWith(kept),
    channel,
    ...(expert && Object.keys(choices).length > 0 ? { perClient: choices } : {}),
    waitlist,
    ...(reason.trim() ? { reason: reason.trim() } : {}),
  });
  const request = requestWith(perClient);
  const shown = preview.result;
  const ticked = candidates ? candidates.length - excluded.length : null;
  const sendable =
    shown !== null && preview.isCurrentFor(request) && shown.total > 0 && ticked !== 0;
  /** who gets no message at all: no reachable channel, or "no message" chosen (the dialog names them) */
  const untold = shown
    ? [
        ...new Set(
          shown.appointments
            .filter((appointment) => appointment.messages.length === 0)
            .map((appointment) => appointment.name)
        ),
      ]
    : [];

  // Other days mean other appointments and clients: the old preview and its per-client choices go.
  const changeSelection = (next: SelectionForm) => {
    setSelection(next);
    setPerClient({});
    setCandidates(null);
    setExcluded([]);
    preview.clear();
  };
  // Ticking shows its effect at once: the count, the messages and the price are of the ticked ones.
  const toggle = (appointmentId: string, cancel: boolean) => {
    const next = cancel
      ? excluded.filter((id) => id !== appointmentId)
      : [...excluded, appointmentId];
    setExcluded(next);
    if (candidates && next.length < candidates.length) preview.run(requestWith(perClient, next));
  };
  // A choice in the preview list is made while looking at it: show its effect at once.
  const choosePerClient = (clientId: string, value: CancelChannel) => {
    const next = { ...perClient, [clientId]: value };
    setPerClient(next);
    preview.run(requestWith(next));
  };

  const execute = () => {
    preview.dismissError();
    start.mutate(request, {
      onSuccess: (batch) => {
        setJobId(batch.id);
        preview.clear();
        setPerClient({});
        setCandidates(null);
        setExcluded([]);
      },
      onError: preview.fail,
    });
  };
  const messages = shown
    ? shown.appointments.reduce((sum, appointment) => sum + appointment.messages.length, 0)
    : 0;

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box>
            <Typography variant="delta" tag="h2">
              {t('mass.which', 'Which appointments')}
            </Typography>
            <Box paddingTop={3}>
              <DaysChoice form={selection} onChange={changeSelection} errorFor={preview.errorFor} />
            </Box>
          </Box>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="delta" tag="h2">
              {t('mass.notify', 'Notify the clients')}
            </Typography>
            <Flex gap={6} wrap="wrap" alignItems="flex-start">
              <Box minWidth="280px">
                <Field.Root
                  name="channel"
                  error={preview.errorFor('channel')}
                  hint={t(
                    'mass.channel.hint',
                    '"As usual" uses each client\'s own cancellation settings'
                  )}
                >
                  <Field.Label>{t('mass.channel', 'Channel for all')}</Field.Label>
                  <ChannelSelect
                    label={t('mass.channel', 'Channel for all')}
                    value={channel}
                    onChange={setChannel}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Box>
              <Box grow={1} minWidth="280px">
                <Field.Root
                  name="reason"
                  error={preview.errorFor('reason')}
                  hint={t(
                    'mass.reason.hint',
                    'Goes into the cancellation text, e.g. "Fortbildung"'
                  )}
                >
                  <Field.Label>{t('mass.reason', 'Reason')}</Field.Label>
                  <TextInput
                    value={reason}
                    maxLength={200}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setReason(event.target.value)
                    }
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Box>
            </Flex>
            <Flex gap={8} wrap="wrap" alignItems="flex-start">
              <Field.Root
                name="expert"
                hint={t('mass.expert.hint', 'Choose the channel per client in the preview')}
              >
                <Field.Label>{t('mass.expert', 'Expert mode')}</Field.Label>
                <Toggle
                  checked={expert}
                  onLabel={t('toggle.on', 'On')}
                  offLabel={t('toggle.off', 'Off')}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setExpert(event.target.checked)
                  }
                />
                <Field.Hint />
              </Field.Root>
              <Box paddingTop={6}>
                <Checkbox
                  checked={waitlist}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    setWaitlist(checked === true)
                  }
                >
                  {t('mass.waitlist', 'Put the clients on the waitlist')}
                </Checkbox>
              </Box>
            </Flex>
          </Flex>
          <Flex gap={2} wrap="wrap">
            <Button
              variant="secondary"
              startIcon={<Eye />}
              onClick={() => preview.run(request)}
              loading={preview.isLoading}
            >
              {t('bulk.preview', 'Preview')}
            </Button>
            <ConfirmButton
              variant="danger"
              startIcon={<CrossCircle />}
              label={t('mass.execute', 'Cancel appointments')}
              title={t('mass.confirm.title', 'Cancel these appointments?')}
              disabled={!sendable}
              loading={start.isLoading}
              onConfirm={execute}
            >
              {shown
                ? [
                    t(
                      'mass.confirm.body',
                      '{count, plural, one {# appointment is} other {# appointments are}} cancelled at once and {messages, plural, one {# message} other {# messages}} sent (cost {total}). This cannot be undone.',
                      {
                        count: shown.total,
                        messages,
                        total: money.euro(shown.cost.totalTenthCents),
                      }
                    ),
                    untold.length > 0
                      ? t(
                          'mass.confirm.untold',
                          '{count, plural, one {# client will not be told} other {# clients will not be told}}: {names}.',
                          {
                            count: untold.length,
                            names: untold.join(', '),
                          }
                        )
                      : '',
                  ]
                    .filter(Boolean)
                    .join(' ')
                : ''}
            </ConfirmButton>
            <StalePreviewNote stale={Boolean(shown) && !preview.isCurrentFor(request)} />
            {ticked === 0 && (
              <Typography variant="pi" textColor="danger600" data-testid="mass-none-ticked">
                {t('mass.noneTicked', 'No appointment is ticked.')}
              </Typography>
            )}
          </Flex>
          <ApiErrorAlert message={preview.error} onClose={preview.dismissError} />
          {shown && (
            <MassCancellationPreviewView
              preview={shown}
              candidates={candidates ?? shown.appointments}
              excluded={excluded}
              onToggle={toggle}
              perClient={expert ? perClient : null}
              channel={channel}
              onPerClient={choosePerClient}
              timeZone={settings?.timeZone}
            />
          )}
        </Flex>
      </Box>
      <JobsOfKind kind="mass-cancellation" jobId={jobId} onSelect={setJobId} />
    </Flex>
  );
};

/** Messaging → Mass cancellation: cancel the appointments of whole days (or chosen ones) and tell the clients. */
const MassCancellationPage = () => {
  const t = useT();
  return (
    <PluginPage
      permissions={PERMISSIONS.massCancel}
      title={t('mass.title', 'Mass cancellation')}
      subtitle={t(
        'mass.subtitle',
        'Cancel the appointments of one or more days, e.g. when the therapist is ill, and tell the clients'
      )}
    >
      <MassCancellationForm />
    </PluginPage>
  );
};

export default MassCancellationPage;
