import { Badge, Box, Button, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useState } from 'react';
import { styled } from 'styled-components';
import type { BatchProgress } from '../../../../../shared/contracts/bulk';
import { useBatch, useCancelBatch } from '../api';
import { apiErrorMessage } from '../../../utils/errors';
import { useT } from '../../../utils/useT';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useJobSummary } from '../hooks/useJobSummary';

/** The design system's bar is 10rem wide and white on dark grey (made for dark overlays): full width and in the page's colours here. */
const WideProgressBar = styled(ProgressBar)`
  width: 100%;
  height: 1.2rem;
  background-color: ${({ theme }) => theme.colors.neutral150};
  & > div {
    background-color: ${({ theme }) => theme.colors.primary600};
  }
`;

const STATUS_BADGE: Record<BatchProgress['status'], { text: string; background: string }> = {
  preparing: { text: 'primary700', background: 'primary100' },
  running: { text: 'primary700', background: 'primary100' },
  completed: { text: 'success700', background: 'success100' },
  cancelled: { text: 'neutral700', background: 'neutral150' },
  failed: { text: 'danger700', background: 'danger100' },
};

/** Messages of the job that will not change any more. Skipped ones count too, or the bar would stop short. */
export const finishedCount = (batch: BatchProgress) =>
  batch.sent + batch.failed + batch.cancelled + batch.skipped;

export const BatchStatusBadge = ({ status }: { status: BatchProgress['status'] }) => {
  const t = useT();
  return (
    <Badge
      textColor={STATUS_BADGE[status].text}
      backgroundColor={STATUS_BADGE[status].background}
      data-testid="batch-status"
    >
      {t(`batchStatus.${status}`, status)}
    </Badge>
  );
};

/** A started job: the bar, the counts per state, and "Cancel job" while it runs. Polls every second until the job is final. */
export const BatchProgressView = ({ id }: { id: number }) => {
  const t = useT();
  const { data: batch } = useBatch(id);
  const cancel = useCancelBatch();
  const summary = useJobSummary();
  const [error, setError] = useState<string | null>(null);
  if (!batch) return null;

  const done = finishedCount(batch);
  const percent = batch.total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / batch.total));
  const running = batch.status === 'running' || batch.status === 'preparing';
  const counts = [
    ['queued', batch.queued + batch.sending],
    ['sent', batch.sent],
    ['failed', batch.failed],
    ['cancelled', batch.cancelled],
    ['skipped', batch.skipped],
  ] as const;

  return (
    <Box
      padding={5}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      data-testid="batch-progress"
      data-status={batch.status}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" gap={4} wrap="wrap">
          <Flex gap={3}>
            <Typography variant="delta" tag="h2">
              {t(`batchKind.${batch.kind}`, batch.kind)} #{batch.id}
            </Typography>
            <BatchStatusBadge status={batch.status} />
          </Flex>
          {running && (
            <Button
              variant="danger-light"
              startIcon={<Cross />}
              loading={cancel.isLoading}
              onClick={() => {
                setError(null);
                cancel.mutate(batch.id, {
                  onError: (failure) => setError(apiErrorMessage(failure)),
                });
              }}
            >
              {t('batch.cancel', 'Cancel job')}
            </Button>
          )}
        </Flex>
        <Typography textColor="neutral600" data-testid="batch-summary">
          {summary(batch)}
          {batch.kind === 'mass-cancellation' && batch.params?.waitlist
            ? ` · ${t('batch.waitlist', 'The clients are on the waitlist.')}`
            : ''}
        </Typography>
        <WideProgressBar
          value={percent}
          aria-valuenow={percent}
          aria-label={t('batch.progress', 'Progress')}
          data-testid="batch-bar"
        />
        <Typography data-testid="batch-done">
          {t('batch.done', '{done} of {total} messages done ({percent} %)', {
            done,
            total: batch.total,
            percent,
          })}
        </Typography>
        <Flex gap={6} wrap="wrap" data-testid="batch-counts">
          {counts.map(([name, count]) => (
            <Box key={name} data-testid={`batch-count-${name}`}>
              <Typography variant="beta" tag="p">
                {count}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {t(`status.${name}`, name)}
              </Typography>
            </Box>
          ))}
        </Flex>
        {batch.kind === 'mass-cancellation' && running && (
          <Typography variant="pi" textColor="neutral600">
            {t(
              'batch.massCancelHint',
              'The appointments are cancelled already; cancelling the job only stops the messages not sent yet.'
            )}
          </Typography>
        )}
        <ApiErrorAlert message={error} onClose={() => setError(null)} />
      </Flex>
    </Box>
  );
};
