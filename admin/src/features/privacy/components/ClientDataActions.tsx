import { useMessagingFetchClient } from '../../practices/useMessagingFetchClient';
import { Button, Flex, Typography } from '@strapi/design-system';
import { Download, Trash } from '@strapi/icons';

import { useQueryClient } from 'react-query';
import { useState } from 'react';
import { useAllowed } from '../../../hooks/useAllowed';
import { PERMISSIONS } from '../../../permissions';
import { PLUGIN_ID } from '../../../pluginId';
import { useT } from '../../../utils/useT';
import { ConfirmButton } from '../../../components/ConfirmButton';

interface Erased {
  messages: { cancelled: number; deleted: number; anonymized: number };
  releases: number;
  slips: number;
  waitlist: number;
}

/**
 * GDPR on the client's side panel (permission "client-data"): everything
 * the plugin holds about the client as a JSON file (Art. 15), and its
 * erasure (Art. 17) after asking. The client record itself is the host's.
 */
export const ClientDataActions = ({ documentId }: { documentId: string }) => {
  const t = useT();
  const { post } = useMessagingFetchClient();
  const queries = useQueryClient();
  const allowed = useAllowed(PERMISSIONS.clientData);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  if (!allowed) return null;

  const exportData = async () => {
    setBusy(true);
    try {
      const { data } = await post<{ data: unknown }>(
        `/${PLUGIN_ID}/clients/${documentId}/data-export`,
        {}
      );
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(data.data, null, 2)], { type: 'application/json' })
      );
      const link = Object.assign(document.createElement('a'), {
        href: url,
        download: `messaging-data-${documentId}.json`,
      });
      link.click();
      URL.revokeObjectURL(url);
      setOutcome({
        tone: 'success',
        text: t(
          'clientData.exported',
          'The file with the client’s messaging data has been downloaded.'
        ),
      });
    } catch {
      setOutcome({
        tone: 'danger',
        text: t('clientData.failed', 'That did not work. Please try again.'),
      });
    } finally {
      setBusy(false);
    }
  };

  const erase = async () => {
    setBusy(true);
    try {
      const { data } = await post<{ data: Erased }>(
        `/${PLUGIN_ID}/clients/${documentId}/erase`,
        {}
      );
      const erased = data.data;
      setOutcome({
        tone: 'success',
        text: t(
          'clientData.erased',
          'Erased: {messages, plural, one {# message} other {# messages}}, {releases, plural, one {# release} other {# releases}}, {slips, plural, one {# slip} other {# slips}}, {waitlist, plural, one {# waitlist entry} other {# waitlist entries}}.',
          {
            messages: erased.messages.deleted + erased.messages.anonymized,
            releases: erased.releases,
            slips: erased.slips,
            waitlist: erased.waitlist,
          }
        ),
      });
      void queries.invalidateQueries(); // the panel re-reads its (now empty) log
    } catch {
      setOutcome({
        tone: 'danger',
        text: t('clientData.failed', 'That did not work. Please try again.'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="client-data">
      <Typography variant="sigma" textColor="neutral600">
        {t('clientData.title', 'Data protection')}
      </Typography>
      <Button
        variant="tertiary"
        startIcon={<Download />}
        loading={busy}
        onClick={exportData}
        fullWidth
      >
        {t('clientData.export', 'Export messaging data')}
      </Button>
      <ConfirmButton
        label={t('clientData.erase', 'Erase messaging data')}
        title={t('clientData.erase.title', 'Erase this client’s messaging data?')}
        variant="danger"
        startIcon={<Trash />}
        loading={busy}
        onConfirm={erase}
      >
        {t(
          'clientData.erase.text',
          'The send log, document releases, appointment slips and waitlist entries of this client are deleted; messages not sent yet are cancelled. Billing keeps only amounts without personal data. This cannot be undone.'
        )}
      </ConfirmButton>
      {outcome && (
        <Typography
          variant="pi"
          textColor={outcome.tone === 'success' ? 'success600' : 'danger600'}
          data-testid="client-data-outcome"
        >
          {outcome.text}
        </Typography>
      )}
    </Flex>
  );
};
