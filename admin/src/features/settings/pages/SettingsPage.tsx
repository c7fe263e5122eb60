import { PracticeSwitcher } from '../../practices/PracticeSwitcher';
import {
  Box,
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Check, PaperPlane } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { UpdateSettingsRequest } from '../../../../../shared/contracts/settings';
import { ChannelCards } from '../components/ChannelCard';
import { useSendTest } from '../../outbox/api';
import { useSettings, useStatus, useUpdateSettings } from '../api';
import { apiErrorMessage } from '../../../utils/errors';
import { eurosText, parseEuros } from '../../../utils/money';
import { PERMISSIONS } from '../../../permissions';
import { getTranslation } from '../../../utils/getTranslation';

type Switch = 'smsEnabled' | 'threemaEnabled' | 'preferThreema' | 'smartEncodeSms';
type Form = Required<Pick<UpdateSettingsRequest, Switch>> & {
  accessCodeDelivery: 'standard' | 'self-service';
  smsSenderId: string;
  practiceName: string;
  practicePhone: string;
  practiceEmail: string;
  billingPeriod: 'monthly' | 'yearly';
  /** euros as typed ("50", "12,50"); empty = no budget */
  monthlyBudget: string;
  budgetAlertEmail: string;
};

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ update: PERMISSIONS.settingsUpdate });
  const { data: settings, isLoading, isError } = useSettings();
  const update = useUpdateSettings();
  const { data: status } = useStatus();
  const sendTest = useSendTest();
  const [form, setForm] = useState<Form | null>(null);
  const [test, setTest] = useState({ channel: 'sms', to: '' });

  useEffect(() => {
    if (settings) {
      setForm({
        smsEnabled: settings.smsEnabled,
        threemaEnabled: settings.threemaEnabled,
        preferThreema: settings.preferThreema,
        smartEncodeSms: settings.smartEncodeSms,
        accessCodeDelivery: settings.accessCodeDelivery ?? 'standard',
        smsSenderId: settings.smsSenderId ?? '',
        practiceName: settings.practiceName ?? '',
        practicePhone: settings.practicePhone ?? '',
        practiceEmail: settings.practiceEmail ?? '',
        billingPeriod: settings.billingPeriod ?? 'monthly',
        monthlyBudget: eurosText(settings.monthlyBudgetTenthCents ?? null),
        budgetAlertEmail: settings.budgetAlertEmail ?? '',
      });
    }
  }, [settings]);

  if (isLoading || !form) return <Page.Loading />;
  if (isError) return <Page.Error />;

  const budget = parseEuros(form.monthlyBudget);
  const save = () =>
    update.mutate(
      {
        smsEnabled: form.smsEnabled,
        threemaEnabled: form.threemaEnabled,
        preferThreema: form.preferThreema,
        smartEncodeSms: form.smartEncodeSms,
        accessCodeDelivery: form.accessCodeDelivery,
        billingPeriod: form.billingPeriod,
        monthlyBudgetTenthCents: budget ?? null,
        budgetAlertEmail: form.budgetAlertEmail.trim() || null,
        smsSenderId: form.smsSenderId.trim() === '' ? null : form.smsSenderId.trim(),
        practiceName: form.practiceName.trim() || null,
        practicePhone: form.practicePhone.trim() || null,
        practiceEmail: form.practiceEmail.trim() || null,
      },
      {
        onSuccess: () =>
          toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') }),
        onError: (error) =>
          toggleNotification({
            type: 'danger',
            message: `${t('settings.saveFailed', 'Could not save the settings')}: ${apiErrorMessage(error)}`,
          }),
      }
    );

  const submitTest = () =>
    sendTest.mutate(test, {
      onSuccess: () =>
        toggleNotification({
          type: 'success',
          message: t('settings.test.queued', 'Test message queued; see the send log'),
        }),
      onError: (error) => toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
    });

  const toggle = (name: Switch, label: string, hint: string) => (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Toggle
        checked={form[name]}
        onLabel={t('toggle.on', 'On')}
        offLabel={t('toggle.off', 'Off')}
        disabled={!allowedActions.canUpdate}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
          setForm({ ...form, [name]: event.target.checked })
        }
      />
      <Field.Hint />
    </Field.Root>
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Messaging settings')}</Page.Title>
      <PracticeSwitcher />
      <Layouts.Header
        title={t('settings.title', 'Messaging settings')}
        subtitle={t('settings.subtitle', 'Which paid channels this practice may use')}
        primaryAction={
          <Button
            startIcon={<Check />}
            onClick={save}
            loading={update.isLoading}
            disabled={!allowedActions.canUpdate || budget === undefined}
          >
            {t('settings.save', 'Save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Typography variant="delta" tag="h2">
              {t('settings.practice', 'Practice')}
            </Typography>
            {(['practiceName', 'practicePhone', 'practiceEmail'] as const).map((name) => (
              <Field.Root key={name} name={name} hint={t(`settings.${name}.hint`, '')}>
                <Field.Label>{t(`settings.${name}`, name)}</Field.Label>
                <TextInput
                  value={form[name]}
                  disabled={!allowedActions.canUpdate}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setForm({ ...form, [name]: event.target.value })
                  }
                />
                <Field.Hint />
              </Field.Root>
            ))}
            <Typography variant="delta" tag="h2">
              {t('settings.channels', 'Channels')}
            </Typography>
            {toggle(
              'smsEnabled',
              t('settings.smsEnabled', 'Allow SMS (billed extra)'),
              t('settings.smsEnabled.hint', '10 ct per SMS segment, 5 free per month')
            )}
            {toggle(
              'threemaEnabled',
              t('settings.threemaEnabled', 'Allow Threema (billed extra)'),
              t('settings.threemaEnabled.hint', '1.5 ct per message, 5 free per month')
            )}
            {toggle(
              'preferThreema',
              t('settings.preferThreema', 'Prefer Threema over SMS'),
              t(
                'settings.preferThreema.hint',
                'Cheaper and end-to-end encrypted, where the client has a Threema ID'
              )
            )}
            {toggle(
              'smartEncodeSms',
              t('settings.smartEncodeSms', 'Smart encoding for SMS'),
              t(
                'settings.smartEncodeSms.hint',
                'Replace „ “ – … and similar characters with plain ones before sending, so the SMS stays at 160 characters'
              )
            )}
            <Field.Root
              name="smsSenderId"
              hint={`${t('settings.sender.hint', 'Up to 11 letters and digits, or a phone number. Empty: the default')} (${status?.smsSenderDefault ?? '–'})`}
            >
              <Field.Label>{t('settings.sender', 'SMS sender')}</Field.Label>
              <TextInput
                value={form.smsSenderId}
                disabled={!allowedActions.canUpdate}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setForm({ ...form, smsSenderId: event.target.value })
                }
              />
              <Field.Hint />
            </Field.Root>
            <Field.Root
              name="accessCodeDelivery"
              hint={t(
                'settings.accessCodeDelivery.hint',
                'The link to a secure download goes by e-mail; the access code by SMS or Threema, never with the link.'
              )}
            >
              <Field.Label>
                {t('settings.accessCodeDelivery', 'Access codes for secure downloads')}
              </Field.Label>
              <SingleSelect
                value={form.accessCodeDelivery}
                disabled={!allowedActions.canUpdate}
                onChange={(selected: string | number) =>
                  setForm({
                    ...form,
                    accessCodeDelivery:
                      String(selected) === 'self-service' ? 'self-service' : 'standard',
                  })
                }
              >
                <SingleSelectOption value="standard">
                  {t(
                    'settings.accessCodeDelivery.standard',
                    'Send the code together with the e-mail'
                  )}
                </SingleSelectOption>
                <SingleSelectOption value="self-service">
                  {t(
                    'settings.accessCodeDelivery.selfService',
                    'Code self-service: the client asks for it on the download page'
                  )}
                </SingleSelectOption>
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            <Typography variant="delta" tag="h2" paddingTop={2}>
              {t('settings.costs', 'Costs')}
            </Typography>
            <Flex gap={4} wrap="wrap" alignItems="flex-start">
              <Box minWidth="200px">
                <Field.Root
                  name="billingPeriod"
                  hint={t(
                    'settings.billingPeriod.hint',
                    'When the regular invoice over SMS and Threema is issued'
                  )}
                >
                  <Field.Label>{t('settings.billingPeriod', 'Billing period')}</Field.Label>
                  <SingleSelect
                    value={form.billingPeriod}
                    disabled={!allowedActions.canUpdate}
                    onChange={(selected: string | number) =>
                      setForm({
                        ...form,
                        billingPeriod: String(selected) === 'yearly' ? 'yearly' : 'monthly',
                      })
                    }
                  >
                    <SingleSelectOption value="monthly">
                      {t('settings.billingPeriod.monthly', 'Monthly')}
                    </SingleSelectOption>
                    <SingleSelectOption value="yearly">
                      {t('settings.billingPeriod.yearly', 'Yearly')}
                    </SingleSelectOption>
                  </SingleSelect>
                  <Field.Hint />
                </Field.Root>
              </Box>
              <Box minWidth="200px">
                <Field.Root
                  name="monthlyBudget"
                  hint={t(
                    'settings.budget.hint',
                    'Staff are warned at 80 % and 100 %. Empty: no budget'
                  )}
                  error={
                    budget === undefined
                      ? t('settings.budget.invalid', 'Enter an amount in euros, e.g. 50 or 12,50')
                      : undefined
                  }
                >
                  <Field.Label>{t('settings.budget', 'Monthly budget (EUR)')}</Field.Label>
                  <TextInput
                    value={form.monthlyBudget}
                    placeholder="50,00"
                    disabled={!allowedActions.canUpdate}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setForm({ ...form, monthlyBudget: event.target.value })
                    }
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Box>
              <Box grow={1} minWidth="240px">
                <Field.Root
                  name="budgetAlertEmail"
                  hint={t(
                    'settings.budgetAlertEmail.hint',
                    'The budget warning is also e-mailed here. Empty: only in the admin'
                  )}
                >
                  <Field.Label>
                    {t('settings.budgetAlertEmail', 'Budget warning by e-mail to')}
                  </Field.Label>
                  <TextInput
                    type="email"
                    value={form.budgetAlertEmail}
                    disabled={!allowedActions.canUpdate}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setForm({ ...form, budgetAlertEmail: event.target.value })
                    }
                  />
                  <Field.Hint />
                </Field.Root>
              </Box>
            </Flex>
          </Flex>
        </Box>
        {status && (
          <Box paddingTop={6}>
            <Typography variant="delta" tag="h2">
              {t('settings.providers', 'Providers')}
            </Typography>
            <Flex gap={4} wrap="wrap" alignItems="stretch" paddingTop={3}>
              <ChannelCards status={status} />
            </Flex>
            <Typography
              variant="pi"
              textColor="neutral600"
              tag="p"
              paddingTop={3}
              data-testid="limits"
            >
              {formatMessage(
                {
                  id: getTranslation('settings.limits'),
                  defaultMessage:
                    'Limits (plugin config): SMS {sms}/s, Threema {threema}/s, e-mail {email}/s; up to {attempts, plural, one {# attempt} other {# attempts}}; the log keeps {days, plural, one {# day} other {# days}}.',
                },
                {
                  sms: status.limits.ratePerSecond.sms,
                  threema: status.limits.ratePerSecond.threema,
                  email: status.limits.ratePerSecond.email,
                  attempts: status.limits.maxAttempts,
                  days: status.limits.retentionDays,
                }
              )}
            </Typography>
          </Box>
        )}
        <Box background="neutral0" padding={6} hasRadius shadow="tableShadow" marginTop={6}>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="delta" tag="h2">
              {t('settings.test', 'Send a test message to me')}
            </Typography>
            <Flex gap={4} alignItems="flex-end">
              <Box minWidth="160px">
                <Field.Root name="testChannel">
                  <Field.Label>{t('settings.test.channel', 'Channel')}</Field.Label>
                  <SingleSelect
                    value={test.channel}
                    onChange={(selected: string | number) =>
                      setTest({ ...test, channel: String(selected) })
                    }
                  >
                    <SingleSelectOption value="sms">{t('channel.sms', 'SMS')}</SingleSelectOption>
                    <SingleSelectOption value="threema">
                      {t('channel.threema', 'Threema')}
                    </SingleSelectOption>
                    <SingleSelectOption value="email">
                      {t('channel.email', 'E-mail')}
                    </SingleSelectOption>
                  </SingleSelect>
                </Field.Root>
              </Box>
              <Box grow={1}>
                <Field.Root name="testTo">
                  <Field.Label>
                    {t('settings.test.to', 'My number, Threema ID or e-mail')}
                  </Field.Label>
                  <TextInput
                    value={test.to}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setTest({ ...test, to: event.target.value })
                    }
                  />
                </Field.Root>
              </Box>
              <Button
                startIcon={<PaperPlane />}
                onClick={submitTest}
                loading={sendTest.isLoading}
                disabled={!allowedActions.canUpdate || !test.to}
              >
                {t('settings.test.send', 'Send test')}
              </Button>
            </Flex>
          </Flex>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

export default SettingsPage;
