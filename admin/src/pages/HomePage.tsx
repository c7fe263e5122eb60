import { Flex, LinkButton, Typography } from '@strapi/design-system';
import { Cog } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { ChannelCard } from '../components/ChannelCard';
import { useStatus } from '../hooks/useMessagingApi';
import { getTranslation } from '../utils/getTranslation';

export const HomePage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { data: status, isLoading, isError } = useStatus();

  if (isLoading) return <Page.Loading />;
  if (isError || !status) return <Page.Error />;

  return (
    <Page.Main>
      <Page.Title>{t('plugin.name', 'Messaging')}</Page.Title>
      <Layouts.Header
        title={t('plugin.name', 'Messaging')}
        subtitle={t('home.subtitle', 'SMS, Threema and e-mail to your clients')}
        primaryAction={
          <LinkButton tag={Link} to="/settings/messaging" startIcon={<Cog />} variant="secondary">
            {t('home.settings', 'Settings')}
          </LinkButton>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="omega" textColor="neutral600">
            {t('home.channels', 'Channels of this practice')}
          </Typography>
          <Flex gap={4} wrap="wrap" alignItems="stretch">
            <ChannelCard channel="sms" status={status.channels.sms} />
            <ChannelCard channel="threema" status={status.channels.threema} />
            <ChannelCard channel="email" status={status.channels.email} />
          </Flex>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
