import { Box, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { BatchProgress } from '../../../../../shared/contracts/bulk';
import { useBatches } from '../api';
import { useT } from '../../../utils/useT';
import { BatchStatusBadge, finishedCount } from './BatchProgressView';
import { useJobSummary } from '../hooks/useJobSummary';

interface Props {
  kind: BatchProgress['kind'];
  /** a click on a row shows that job's progress above */
  onSelect: (id: number) => void;
}

/** The latest jobs of one kind (the server keeps the latest 20 of all kinds in the list). */
export const RecentJobs = ({ kind, onSelect }: Props) => {
  const t = useT();
  const { locale } = useIntl();
  const { data } = useBatches();
  const summary = useJobSummary();
  const jobs = (data ?? []).filter((job) => job.kind === kind);

  return (
    <Box padding={5} background="neutral0" hasRadius shadow="tableShadow" data-testid="recent-jobs">
      <Typography variant="delta" tag="h2">
        {t('jobs.title', 'Recent jobs')}
      </Typography>
      {jobs.length === 0 ? (
        <Typography tag="p" textColor="neutral600" paddingTop={2}>
          {t('jobs.none', 'No jobs yet.')}
        </Typography>
      ) : (
        <Box paddingTop={3}>
          <Table colCount={6} rowCount={jobs.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('jobs.started', 'Started')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('jobs.what', 'What')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('log.col.channel', 'Channel')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('log.col.status', 'Status')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('jobs.messages', 'Messages done')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('status.failed', 'Failed')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {jobs.map((job) => (
                <Tr
                  key={job.id}
                  onClick={() => onSelect(job.id)}
                  style={{ cursor: 'pointer' }}
                  data-testid="job-row"
                >
                  <Td>
                    <Typography>
                      {new Date(job.createdAt).toLocaleString(locale, {
                        dateStyle: 'short',
                        timeStyle: 'short',
                      })}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{summary(job)}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {job.channel ? t(`choice.${job.channel}`, job.channel) : ''}
                    </Typography>
                  </Td>
                  <Td>
                    <BatchStatusBadge status={job.status} />
                  </Td>
                  <Td>
                    <Typography>{`${finishedCount(job)} / ${job.total}`}</Typography>
                  </Td>
                  <Td>
                    <Typography textColor={job.failed > 0 ? 'danger600' : undefined}>
                      {job.failed}
                    </Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
    </Box>
  );
};
