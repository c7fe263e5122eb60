import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { MessageStatus } from '../../../../../shared/vocabulary';
import { getTranslation } from '../../../utils/getTranslation';

/** Colours of the send log: green delivered/sent, blue on its way, red failed, orange needs a person. */
const COLOURS: Record<MessageStatus, { text: string; background: string }> = {
  queued: { text: 'primary700', background: 'primary100' },
  claimed: { text: 'primary700', background: 'primary100' },
  checking: { text: 'warning700', background: 'warning100' },
  sending: { text: 'primary700', background: 'primary100' },
  sent: { text: 'success700', background: 'success100' },
  delivered: { text: 'success700', background: 'success200' },
  failed: { text: 'danger700', background: 'danger100' },
  undeliverable: { text: 'danger700', background: 'danger100' },
  cancelled: { text: 'neutral700', background: 'neutral150' },
  skipped: { text: 'neutral700', background: 'neutral150' },
  'needs-review': { text: 'warning700', background: 'warning100' },
};

export const StatusBadge = ({ status }: { status: MessageStatus }) => {
  const { formatMessage } = useIntl();
  const colours = COLOURS[status];
  return (
    <Badge textColor={colours.text} backgroundColor={colours.background} data-status={status}>
      {formatMessage({ id: getTranslation(`status.${status}`), defaultMessage: status })}
    </Badge>
  );
};
