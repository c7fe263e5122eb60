import { Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import type { ReactNode } from 'react';
import type { BatchKind } from '../../../shared/vocabulary';
import { useT } from '../utils/useT';
import { BatchProgressView } from '../features/bulk/components/BatchProgressView';
import { RecentJobs } from '../features/bulk/components/RecentJobs';

type Permissions = { action: string; subject: null }[];

/** A page under Messaging: only for admins with `permissions`, a back link to the plugin's home, title and subtitle. */
export const PluginPage = ({
  permissions,
  title,
  subtitle,
  children,
}: {
  permissions: Permissions;
  title: string;
  subtitle: string;
  children: ReactNode;
}) => (
  <Page.Protect permissions={permissions}>
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} fallback=".." />}
        title={title}
        subtitle={subtitle}
      />
      <Layouts.Content>{children}</Layouts.Content>
    </Page.Main>
  </Page.Protect>
);

/** Shown when the form changed after its preview: what would be sent is no longer what was previewed. */
export const StalePreviewNote = ({ stale }: { stale: boolean }) => {
  const t = useT();
  if (!stale) return null;
  return (
    <Typography variant="pi" textColor="warning600" data-testid="preview-stale">
      {t('bulk.preview.stale', 'Changed since the preview: preview again before sending.')}
    </Typography>
  );
};

/** The job just started (live progress) and the latest jobs of its kind; a click on one shows it. */
export const JobsOfKind = ({
  kind,
  jobId,
  onSelect,
}: {
  kind: BatchKind;
  jobId: number | null;
  onSelect: (id: number) => void;
}) => (
  <>
    {jobId !== null && <BatchProgressView id={jobId} />}
    <RecentJobs kind={kind} onSelect={onSelect} />
  </>
);
