import {
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { CHANNELS, MESSAGE_KINDS, MESSAGE_STATUSES } from '../../../../../shared/vocabulary';
import { MessageDetailModal } from '../components/MessageDetailModal';
import { StatusBadge } from '../components/StatusBadge';
import { useHostMapping } from '../../notices/api';
import { useMessageLog, type LogFilters } from '../api';
import { getTranslation } from '../../../utils/getTranslation';

/** The send log: every message with kind, time, recipient, channel and status. */
const LogPage = () => {
  const { formatMessage, locale } = useIntl();
  const t = (key: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(key), defaultMessage });
  // a panel's "all messages" link opens the log filtered for its client or appointment
  const [searchParams] = useSearchParams();
  const [filters, setFilters] = useState<LogFilters>({
    page: 1,
    pageSize: 20,
    client: searchParams.get('client') ?? undefined,
    appointment: searchParams.get('appointment') ?? undefined,
  });
  const { data: mapping } = useHostMapping();
  const editView = (uid: string | undefined, documentId: string) =>
    uid ? `/content-manager/collection-types/${uid}/${documentId}` : null;
  const [openId, setOpenId] = useState<number | null>(null);
  const { data, isLoading, isError } = useMessageLog(filters);

  const set = (changes: Partial<LogFilters>) =>
    setFilters((current) => ({ ...current, ...changes, page: changes.page ?? 1 }));
  const select = (
    name: 'channel' | 'status' | 'kind',
    values: readonly string[],
    prefix: string
  ) => (
    <Box minWidth="160px">
      <SingleSelect
        aria-label={t(`log.filter.${name}`, name)}
        placeholder={t(`log.filter.${name}`, name)}
        value={filters[name] ?? ''}
        onChange={(selected: string | number) => set({ [name]: String(selected) || undefined })}
        onClear={() => set({ [name]: undefined })}
      >
        {values.map((value) => (
          <SingleSelectOption key={value} value={value}>
            {t(`${prefix}.${value}`, value)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Box>
  );

  if (isError) return <Page.Error />;
  const pagination = data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>{t('log.title', 'Send log')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} fallback=".." />}
        title={t('log.title', 'Send log')}
        subtitle={t('log.subtitle', 'Every message of the last four weeks')}
      />
      <Layouts.Content>
        <Flex gap={2} wrap="wrap" paddingBottom={4} alignItems="flex-end">
          {select('channel', CHANNELS, 'channel')}
          {select('status', MESSAGE_STATUSES, 'status')}
          {select('kind', MESSAGE_KINDS, 'kind')}
          <TextInput
            aria-label={t('log.filter.from', 'From')}
            type="date"
            value={filters.from ?? ''}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              set({ from: event.target.value || undefined })
            }
          />
          <TextInput
            aria-label={t('log.filter.to', 'To')}
            type="date"
            value={filters.to ?? ''}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              set({ to: event.target.value || undefined })
            }
          />
          <TextInput
            aria-label={t('log.search', 'Search recipient or text')}
            placeholder={t('log.search', 'Search recipient or text')}
            value={filters.q ?? ''}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              set({ q: event.target.value || undefined })
            }
          />
          {(filters.client || filters.appointment) && (
            <Button
              variant="tertiary"
              onClick={() => set({ client: undefined, appointment: undefined })}
              data-testid="log-scope"
            >
              {filters.client
                ? t('log.scope.client', 'Only this client · show all')
                : t('log.scope.appointment', 'Only this appointment · show all')}
            </Button>
          )}
        </Flex>
        {isLoading || !data ? (
          <Page.Loading />
        ) : (
          <>
            <Table colCount={7} rowCount={data.data.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('log.col.time', 'Time')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.kind', 'Kind')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.channel', 'Channel')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.client', 'Client')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.recipient', 'Recipient')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.status', 'Status')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('log.col.cost', 'Cost')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.map((message) => (
                  <Tr
                    key={message.id}
                    onClick={() => setOpenId(message.id)}
                    style={{ cursor: 'pointer' }}
                    data-testid="log-row"
                  >
                    <Td>
                      <Typography>
                        {message.createdAt
                          ? new Date(message.createdAt).toLocaleString(locale)
                          : ''}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{t(`kind.${message.kind}`, message.kind)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{t(`channel.${message.channel}`, message.channel)}</Typography>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start">
                        {message.clientId && editView(mapping?.clientUid, message.clientId) ? (
                          <RouterLink
                            to={editView(mapping?.clientUid, message.clientId)!}
                            onClick={(event) => event.stopPropagation()}
                            data-testid="log-client-link"
                          >
                            <Typography textColor="primary600">
                              {message.clientName || t('log.clientRecord', 'Client record')}
                            </Typography>
                          </RouterLink>
                        ) : (
                          <Typography textColor="neutral500">–</Typography>
                        )}
                        {message.appointmentId &&
                          editView(mapping?.appointmentUid, message.appointmentId) && (
                            <RouterLink
                              to={editView(mapping?.appointmentUid, message.appointmentId)!}
                              onClick={(event) => event.stopPropagation()}
                              data-testid="log-appointment-link"
                            >
                              <Typography variant="pi">
                                {t('log.appointment', 'Appointment')}
                              </Typography>
                            </RouterLink>
                          )}
                      </Flex>
                    </Td>
                    <Td>
                      <Typography>{message.recipient}</Typography>
                    </Td>
                    <Td>
                      <StatusBadge status={message.status} />
                    </Td>
                    <Td>
                      <Typography>
                        {message.costCents === null
                          ? ''
                          : `${message.costCents.toLocaleString(locale)} ct`}
                      </Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            {data.data.length === 0 && (
              <Box padding={6}>
                <Typography textColor="neutral600">
                  {t('log.empty', 'No messages match these filters.')}
                </Typography>
              </Box>
            )}
            {pagination && (
              <Flex justifyContent="space-between" paddingTop={4}>
                <Typography variant="pi" textColor="neutral600" data-testid="log-total">
                  {formatMessage(
                    {
                      id: getTranslation('log.total'),
                      defaultMessage:
                        '{total, plural, one {# message} other {# messages}}, page {page} of {pageCount}',
                    },
                    {
                      total: pagination.total,
                      page: pagination.page,
                      pageCount: Math.max(1, pagination.pageCount),
                    }
                  )}
                </Typography>
                <Flex gap={2}>
                  <Button
                    variant="tertiary"
                    disabled={pagination.page <= 1}
                    onClick={() => set({ page: pagination.page - 1 })}
                  >
                    {t('log.previous', 'Previous')}
                  </Button>
                  <Button
                    variant="tertiary"
                    disabled={pagination.page >= pagination.pageCount}
                    onClick={() => set({ page: pagination.page + 1 })}
                  >
                    {t('log.next', 'Next')}
                  </Button>
                </Flex>
              </Flex>
            )}
          </>
        )}
        <MessageDetailModal id={openId} onClose={() => setOpenId(null)} />
      </Layouts.Content>
    </Page.Main>
  );
};

export default LogPage;
