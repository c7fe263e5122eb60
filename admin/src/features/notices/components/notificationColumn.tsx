/**
 * The "Benachrichtigung" column in the Content Manager's list of the mapped
 * appointment type (the seed article's bubble in the appointment list).
 * The hook runs for every list; it adds the column only when the list on
 * screen is the appointment type the host mapped.
 */
import { NotificationCell } from './NotificationBubble';
import { getTranslation } from '../../../utils/getTranslation';
import { knownHostMapping, modelOnScreen } from '../hostMapping';

type Header = Record<string, unknown>;
interface ListHookArgs {
  displayedHeaders: Header[];
  layout: unknown;
}

export const addNotificationColumn = ({ displayedHeaders, layout }: ListHookArgs): ListHookArgs => {
  const mapping = knownHostMapping();
  const model = modelOnScreen();
  if (!mapping || !model || model !== mapping.appointmentUid) return { displayedHeaders, layout };
  return {
    displayedHeaders: [
      ...displayedHeaders,
      {
        attribute: { type: 'string' },
        label: { id: getTranslation('list.column'), defaultMessage: 'Notification' },
        searchable: false,
        sortable: false,
        name: 'messagingNotification',
        cellFormatter: (row: { documentId: string }) => (
          <NotificationCell documentId={row.documentId} />
        ),
      },
    ],
    layout,
  };
};
