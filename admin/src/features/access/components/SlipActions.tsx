/**
 * The express slip in the appointment's side panel: its short link, "Copy"
 * (to paste into a chat or a calendar) and "Print" (the slip page, printed
 * from an invisible frame so the admin stays where it is). The page comes
 * with the panel data: the public URL may be another domain than the admin,
 * which a frame could not print.
 */
import { Button, Flex, Link, Typography } from '@strapi/design-system';
import { Duplicate, File } from '@strapi/icons';
import { useState } from 'react';
import { useT } from '../../../utils/useT';

export interface SlipInfo {
  link: string;
  /** the slip's public page (HTML), for printing */
  page: string | null;
}

function printPage(html: string) {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
  frame.srcdoc = html;
  frame.onload = () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    // the print dialog blocks until closed; the frame goes afterwards
    setTimeout(() => frame.remove(), 1000);
  };
  document.body.appendChild(frame);
}

export const SlipActions = ({ slip }: { slip: SlipInfo }) => {
  const t = useT();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(slip.link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="slip-actions">
      <Typography variant="sigma" textColor="neutral600">
        {t('panel.slip.title', 'Express appointment slip')}
      </Typography>
      <Link href={slip.link} isExternal data-testid="slip-link">
        {slip.link.replace(/^https?:\/\//, '')}
      </Link>
      <Flex gap={2} wrap="wrap">
        <Button size="S" variant="tertiary" startIcon={<Duplicate />} onClick={copy}>
          {t('panel.slip.copy', 'Copy link')}
        </Button>
        {slip.page && (
          <Button
            size="S"
            variant="tertiary"
            startIcon={<File />}
            onClick={() => printPage(slip.page!)}
          >
            {t('panel.slip.print', 'Print')}
          </Button>
        )}
      </Flex>
      {copied && (
        <Typography
          variant="pi"
          textColor={copied === 'yes' ? 'success600' : 'danger600'}
          role="status"
          data-testid="slip-copied"
        >
          {copied === 'yes'
            ? t('panel.slip.copied', 'Link copied.')
            : t(
                'panel.slip.copyFailed',
                'The browser did not allow copying; select the link and copy it by hand.'
              )}
        </Typography>
      )}
    </Flex>
  );
};
