import { useMessagingFetchClient } from '../../practices/useMessagingFetchClient';
import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

import { useQuery } from 'react-query';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import type { WaitlistEntry } from '../../../../../shared/contracts/waitlist';
import { PluginPage } from '../../../components/PluginPage';
import { useHostMapping } from '../../notices/api';
import { PERMISSIONS } from '../../../permissions';
import { PLUGIN_ID } from '../../../pluginId';
import { useT } from '../../../utils/useT';

/**
 * The waitlist (Warteliste): who asked for an earlier appointment or lost
 * one in a mass cancellation, with links to the client and the cancelled
 * appointment, instead of the Content Manager's raw columns.
 */
const WaitlistPage = () => {
  const t = useT();
  const { locale } = useIntl();
  const { get } = useMessagingFetchClient();
  const { data: mapping } = useHostMapping();
  const { data, isLoading } = useQuery(
    [PLUGIN_ID, 'waitlist'],
    async () =>
      (await get<{ data: WaitlistEntry[] }>(`/${PLUGIN_ID}/waitlist?pageSize=100`)).data.data
  );
  const date = (iso: string | null) =>
    iso ? new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium' }) : '–';
  const editView = (uid: string | undefined, documentId: string) =>
    `/content-manager/collection-types/${uid ?? ''}/${documentId}`;
  return (
    <PluginPage
      permissions={PERMISSIONS.logRead}
      title={t('waitlist.title', 'Waitlist')}
      subtitle={t('waitlist.subtitle', 'Clients waiting for an appointment, newest first')}
    >
      {isLoading || !data ? null : data.length === 0 ? (
        <Box padding={6} background="neutral0" hasRadius>
          <Typography textColor="neutral600">
            {t('waitlist.empty', 'Nobody is on the waitlist.')}
          </Typography>
        </Box>
      ) : (
        <Table colCount={4} rowCount={data.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('waitlist.col.client', 'Client')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('waitlist.col.since', 'Waiting since')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('waitlist.col.note', 'Wishes')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('waitlist.col.origin', 'Cancelled appointment')}
                </Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {data.map((entry) => (
              <Tr key={entry.id} data-testid="waitlist-row">
                <Td>
                  <Link to={editView(mapping?.clientUid, entry.clientId)}>
                    {entry.clientName || t('log.clientRecord', 'Client record')}
                  </Link>
                </Td>
                <Td>
                  <Typography>{date(entry.since ?? entry.createdAt)}</Typography>
                </Td>
                <Td style={{ whiteSpace: 'normal', maxWidth: 420 }}>
                  <Typography>{entry.note || '–'}</Typography>
                </Td>
                <Td>
                  {entry.cancelledAppointmentId ? (
                    <Flex gap={2}>
                      <Link to={editView(mapping?.appointmentUid, entry.cancelledAppointmentId)}>
                        {t('log.appointment', 'Appointment')}
                      </Link>
                      {entry.batchId !== null && (
                        <Typography variant="pi" textColor="neutral600">
                          {t('waitlist.massCancellation', 'mass cancellation')}
                        </Typography>
                      )}
                    </Flex>
                  ) : (
                    <Typography textColor="neutral500">–</Typography>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PluginPage>
  );
};

export default WaitlistPage;
