/**
 * The editor for a client's automatic-notice switches (a custom field on the
 * host's JSON attribute): a table of notice kinds x channels and the reminder
 * times. The value is saved with the client record by the Content Manager's
 * own form; the server checks it again (shared/notice-switches).
 */
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useField } from '@strapi/strapi/admin';
import { Box, Button, Checkbox, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import {
  NOTICE_CHANNELS,
  NOTICE_KINDS,
  checkNoticeSwitches,
  completeSwitches,
  parseOffsets,
  type NoticeSwitches,
} from '../../../../../shared/notice-switches';
import { getTranslation } from '../../../utils/getTranslation';
import { knownHostMapping, modelOnScreen } from '../hostMapping';

interface InputProps {
  name: string;
  label?: string;
  hint?: string;
  disabled?: boolean;
  required?: boolean;
}

const normalized = (value: unknown) =>
  JSON.stringify(value ? completeSwitches(value as NoticeSwitches) : null);
const sameSwitches = (a: unknown, b: unknown) => normalized(a) === normalized(b);

const KIND_LABELS = {
  confirmation: ['Confirmation', 'Bestätigung'],
  change: ['Change', 'Änderung'],
  reminder: ['Reminder', 'Erinnerung'],
  cancellation: ['Cancellation', 'Absage'],
} as const;
const CHANNEL_LABELS = { email: 'E-Mail', sms: 'SMS', threema: 'Threema' } as const;

export const NoticeSwitchesInput = React.forwardRef<HTMLDivElement, InputProps>(
  ({ name, label, hint, disabled }, ref) => {
    const { formatMessage, locale } = useIntl();
    const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
      formatMessage({ id: getTranslation(id), defaultMessage }, values);
    const field = useField<NoticeSwitches | null>(name);
    const mapping = knownHostMapping();
    // The same editor serves the record type's defaults: there, "none of its own" means the plugin's defaults.
    const onRecordType = Boolean(
      mapping?.recordTypeUid && modelOnScreen() === mapping.recordTypeUid
    );
    const base = mapping?.noticeDefaults;
    const stored = field.value ?? null;
    const value = stored ? completeSwitches(stored, base) : null;
    const [offsetsText, setOffsetsText] = React.useState(() =>
      value ? value.reminder.offsetsHours.join(', ') : ''
    );
    const problems = checkNoticeSwitches(stored);
    const offsetsProblem = problems.find(
      (problem) => problem.path[0] === 'reminder' && problem.path[1] === 'offsetsHours'
    );

    /** the latest edit made here, and on which record (the edit view's URL) */
    const pending = React.useRef<{ value: NoticeSwitches | null; at: string } | undefined>(
      undefined
    );
    const change = (next: NoticeSwitches | null) => {
      pending.current = { value: next, at: window.location.pathname };
      field.onChange(name, next as never);
    };

    // A refused save must not take the edit away. After a refused save the Content Manager (5.x)
    // first takes the edited values as its new starting point, then reloads the record and resets the
    // form to it: the ticks would silently fall back while the typed reminder times stay. So when the
    // form goes back to a stored value that is not the edit, on the same record, the edit is put back
    // (and the field shows its problem again). A value changed elsewhere (neither the edit nor the
    // stored one) ends the edit.
    React.useEffect(() => {
      const edit = pending.current;
      if (!edit || sameSwitches(field.value, edit.value)) return;
      if (edit.at === window.location.pathname && sameSwitches(field.value, field.initialValue))
        field.onChange(name, edit.value as never);
      else pending.current = undefined;
      // eslint-disable-next-line react-hooks/exhaustive-deps -- reacts to the form's values only
    }, [field.value, field.initialValue]);

    if (!value) {
      return (
        <Box ref={ref} data-testid="notice-switches" padding={4} hasRadius background="neutral100">
          <Typography variant="pi" fontWeight="bold">
            {label ?? name}
          </Typography>
          <Typography tag="p" variant="pi" textColor="neutral600">
            {onRecordType
              ? t(
                  'noticeSwitches.recordType.inherited',
                  "No defaults of its own: the plugin's defaults apply to its clients."
                )
              : t(
                  'noticeSwitches.inherited',
                  "No settings of its own: the record type's defaults apply."
                )}
          </Typography>
          <Box paddingTop={2}>
            <Button
              variant="secondary"
              size="S"
              disabled={disabled}
              onClick={() => change(completeSwitches(null, base))}
            >
              {onRecordType
                ? t('noticeSwitches.recordType.customise', 'Set for this record type')
                : t('noticeSwitches.customise', 'Set for this client')}
            </Button>
          </Box>
        </Box>
      );
    }

    const toggle = (
      kind: (typeof NOTICE_KINDS)[number],
      channel: (typeof NOTICE_CHANNELS)[number],
      on: boolean
    ) => {
      const next = completeSwitches(value, base);
      next[kind][channel] = on;
      change(next);
    };

    return (
      <Box ref={ref} data-testid="notice-switches">
        <Typography variant="pi" fontWeight="bold">
          {label ?? name}
        </Typography>
        <Box paddingTop={2}>
          <table style={{ borderCollapse: 'collapse' }}>
            <thead>
              <tr>
                <th />
                {NOTICE_CHANNELS.map((channel) => (
                  <th key={channel} style={{ padding: '4px 12px' }}>
                    <Typography variant="sigma" textColor="neutral600">
                      {CHANNEL_LABELS[channel]}
                    </Typography>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {NOTICE_KINDS.map((kind) => (
                <tr key={kind}>
                  <td style={{ padding: '4px 12px 4px 0' }}>
                    <Typography variant="omega">
                      {t(`noticeSwitches.kind.${kind}`, KIND_LABELS[kind][0])}
                    </Typography>
                  </td>
                  {NOTICE_CHANNELS.map((channel) => (
                    <td key={channel} style={{ padding: '4px 12px', textAlign: 'center' }}>
                      <Checkbox
                        aria-label={`${t(`noticeSwitches.kind.${kind}`, KIND_LABELS[kind][0])} ${CHANNEL_LABELS[channel]}`}
                        name={`${name}.${kind}.${channel}`}
                        disabled={disabled}
                        checked={value[kind][channel]}
                        onCheckedChange={(checked: boolean | 'indeterminate') =>
                          toggle(kind, channel, checked === true)
                        }
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
        <Flex paddingTop={3} gap={4} alignItems="flex-end">
          <Field.Root
            name={`${name}.reminder.offsetsHours`}
            error={
              offsetsProblem
                ? locale.startsWith('de')
                  ? offsetsProblem.de
                  : offsetsProblem.en
                : undefined
            }
            hint={t('noticeSwitches.offsetsHint', 'Hours before the appointment, e.g. 48, 24')}
          >
            <Field.Label>{t('noticeSwitches.offsets', 'Reminders')}</Field.Label>
            <TextInput
              disabled={disabled}
              value={offsetsText}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                setOffsetsText(event.target.value);
                const next = completeSwitches(value, base);
                next.reminder.offsetsHours = parseOffsets(event.target.value);
                change(next);
              }}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
          <Button variant="tertiary" size="S" disabled={disabled} onClick={() => change(null)}>
            {onRecordType
              ? t('noticeSwitches.recordType.reset', "Use the plugin's defaults")
              : t('noticeSwitches.reset', "Use the record type's defaults")}
          </Button>
        </Flex>
        {onRecordType && (
          <Typography variant="pi" tag="p" textColor="neutral600">
            {t(
              'noticeSwitches.recordType.hint',
              'New clients of this type copy these settings; each client record can change them.'
            )}
          </Typography>
        )}
        {hint ? (
          <Typography variant="pi" textColor="neutral600">
            {hint}
          </Typography>
        ) : null}
        {field.error ? (
          <Typography variant="pi" textColor="danger600">
            {field.error}
          </Typography>
        ) : null}
      </Box>
    );
  }
);
NoticeSwitchesInput.displayName = 'NoticeSwitchesInput';

export default NoticeSwitchesInput;
