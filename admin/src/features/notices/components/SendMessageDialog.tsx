import {
  Button,
  Field,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useSendMessage, type PanelChannel } from '../api';
import { apiErrorMessage } from '../../../utils/errors';
import { getTranslation } from '../../../utils/getTranslation';
import { SmsCounter } from '../../templates/components/SmsCounter';

interface Props {
  open: boolean;
  onClose: () => void;
  channels: PanelChannel[];
  /** texts prefilled per kind and channel (appointment panel only) */
  drafts?: Partial<
    Record<'confirmation' | 'reminder' | 'slip', Partial<Record<PanelChannel['channel'], string>>>
  >;
  appointmentId?: string;
  clientId?: string;
}

/** Compose and queue a message: kind (with its template text), channel, editable text, live counter and cost. */
export const SendMessageDialog = ({
  open,
  onClose,
  channels,
  drafts,
  appointmentId,
  clientId,
}: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });
  const { toggleNotification } = useNotification();
  const send = useSendMessage();
  const kinds = drafts
    ? (['confirmation', 'reminder', 'slip', 'manual'] as const)
    : (['manual'] as const);
  const [kind, setKind] = useState<string>(kinds[0]);
  const [channel, setChannel] = useState<PanelChannel['channel'] | ''>(channels[0]?.channel ?? '');
  const [body, setBody] = useState('');
  const [subject, setSubject] = useState('');

  useEffect(() => {
    if (!open) return;
    setChannel((current) => current || channels[0]?.channel || '');
  }, [open, channels]);

  useEffect(() => {
    const draft =
      kind !== 'manual' && channel ? drafts?.[kind as 'confirmation']?.[channel] : undefined;
    setBody(draft ?? '');
  }, [kind, channel, drafts]);

  const submit = () =>
    send.mutate(
      {
        channel,
        body,
        kind,
        ...(channel === 'email' ? { subject } : {}),
        ...(appointmentId ? { appointmentId } : { clientId }),
      },
      {
        onSuccess: () => {
          toggleNotification({ type: 'success', message: t('panel.queued', 'Message queued') });
          onClose();
        },
        onError: (error) => toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
      }
    );

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('panel.compose', 'Send a message')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Flex gap={4}>
              {drafts && (
                <Field.Root name="kind" style={{ flex: 1 }}>
                  <Field.Label>{t('panel.kind', 'Kind')}</Field.Label>
                  <SingleSelect
                    value={kind}
                    onChange={(selected: string | number) => setKind(String(selected))}
                  >
                    <SingleSelectOption value="confirmation">
                      {t('kind.confirmation', 'Confirmation')}
                    </SingleSelectOption>
                    <SingleSelectOption value="reminder">
                      {t('kind.reminder', 'Reminder')}
                    </SingleSelectOption>
                    <SingleSelectOption value="slip">
                      {t('kind.slip', 'Appointment slip')}
                    </SingleSelectOption>
                    <SingleSelectOption value="manual">
                      {t('panel.freeText', 'Free text')}
                    </SingleSelectOption>
                  </SingleSelect>
                </Field.Root>
              )}
              <Field.Root name="channel" style={{ flex: 1 }}>
                <Field.Label>{t('panel.channel', 'Channel')}</Field.Label>
                <SingleSelect
                  value={channel}
                  onChange={(selected: string | number) =>
                    setChannel(String(selected) as PanelChannel['channel'])
                  }
                >
                  {channels.map((option) => (
                    <SingleSelectOption key={option.channel} value={option.channel}>
                      {`${t(`channel.${option.channel}`, option.channel)} · ${option.to}`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Flex>
            {channel === 'email' && (
              <Field.Root name="subject">
                <Field.Label>{t('templates.subject', 'Subject')}</Field.Label>
                <TextInput
                  value={subject}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setSubject(event.target.value)
                  }
                />
              </Field.Root>
            )}
            <Field.Root name="messageBody">
              <Field.Label>{t('templates.body', 'Text')}</Field.Label>
              <Textarea
                rows={5}
                value={body}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setBody(event.target.value)
                }
              />
            </Field.Root>
            {channel && <SmsCounter text={body} channel={channel} onApplySuggestion={setBody} />}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('log.close', 'Close')}</Button>
          </Modal.Close>
          <Button onClick={submit} loading={send.isLoading} disabled={!channel || !body.trim()}>
            {t('panel.send', 'Send')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
