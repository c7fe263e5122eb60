import { Box, Button, Field, Flex, Toggle, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { UpdateSettingsRequest } from '../../../shared/contracts/settings';
import { useSettings, useUpdateSettings } from '../hooks/useMessagingApi';
import { PERMISSIONS } from '../permissions';
import { getTranslation } from '../utils/getTranslation';

type Switches = Required<Pick<UpdateSettingsRequest, 'smsEnabled' | 'threemaEnabled' | 'preferThreema'>>;

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ update: PERMISSIONS.settingsUpdate });
  const { data: settings, isLoading, isError } = useSettings();
  const update = useUpdateSettings();
  const [form, setForm] = useState<Switches | null>(null);

  useEffect(() => {
    if (settings) {
      setForm({ smsEnabled: settings.smsEnabled, threemaEnabled: settings.threemaEnabled, preferThreema: settings.preferThreema });
    }
  }, [settings]);

  if (isLoading || !form) return <Page.Loading />;
  if (isError) return <Page.Error />;

  const save = () =>
    update.mutate(form, {
      onSuccess: () => toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') }),
      onError: () => toggleNotification({ type: 'danger', message: t('settings.saveFailed', 'Could not save the settings') }),
    });

  const toggle = (name: keyof Switches, label: string, hint: string) => (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Toggle
        checked={form[name]}
        onLabel={t('toggle.on', 'On')}
        offLabel={t('toggle.off', 'Off')}
        disabled={!allowedActions.canUpdate}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: event.target.checked })}
      />
      <Field.Hint />
    </Field.Root>
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Messaging settings')}</Page.Title>
      <Layouts.Header
        title={t('settings.title', 'Messaging settings')}
        subtitle={t('settings.subtitle', 'Which paid channels this practice may use')}
        primaryAction={
          <Button startIcon={<Check />} onClick={save} loading={update.isLoading} disabled={!allowedActions.canUpdate}>
            {t('settings.save', 'Save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Typography variant="delta" tag="h2">
              {t('settings.channels', 'Channels')}
            </Typography>
            {toggle('smsEnabled', t('settings.smsEnabled', 'Allow SMS (billed extra)'), t('settings.smsEnabled.hint', '10 ct per SMS segment, 5 free per month'))}
            {toggle('threemaEnabled', t('settings.threemaEnabled', 'Allow Threema (billed extra)'), t('settings.threemaEnabled.hint', '1.5 ct per message, 5 free per month'))}
            {toggle('preferThreema', t('settings.preferThreema', 'Prefer Threema over SMS'), t('settings.preferThreema.hint', 'Cheaper and end-to-end encrypted, where the client has a Threema ID'))}
          </Flex>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

export default SettingsPage;
