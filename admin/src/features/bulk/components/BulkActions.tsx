import { CrossCircle, Message } from '@strapi/icons';
import type { BulkActionComponent } from '@strapi/content-manager/strapi-admin';
import { useNavigate } from 'react-router-dom';
import { useAllowed } from '../../../hooks/useAllowed';
import { useHostMapping } from '../../notices/api';
import { PERMISSIONS } from '../../../permissions';
import { PLUGIN_ID } from '../../../pluginId';
import { useT } from '../../../utils/useT';

const idsOf = (documents: { documentId: string }[]) =>
  documents.map((document) => document.documentId).join(',');

/** Client list → "Send message": the bulk page with the selected clients as recipients. */
export const SendMessageBulkAction: BulkActionComponent = ({ documents, model }) => {
  const t = useT();
  const navigate = useNavigate();
  const { data: mapping } = useHostMapping();
  const allowed = useAllowed(PERMISSIONS.bulkSend);
  if (!mapping || model !== mapping.clientUid || !allowed) return null;
  return {
    label: t('bulkAction.send', 'Send message'),
    icon: <Message />,
    variant: 'secondary',
    onClick: () => navigate(`/plugins/${PLUGIN_ID}/bulk?clients=${idsOf(documents)}`),
  };
};

/** Appointment list → "Mass-cancel": the mass-cancellation page with the selected appointments. */
export const MassCancelBulkAction: BulkActionComponent = ({ documents, model }) => {
  const t = useT();
  const navigate = useNavigate();
  const { data: mapping } = useHostMapping();
  const allowed = useAllowed(PERMISSIONS.massCancel);
  if (!mapping || model !== mapping.appointmentUid || !allowed) return null;
  return {
    label: t('bulkAction.massCancel', 'Mass-cancel'),
    icon: <CrossCircle />,
    variant: 'danger-light',
    onClick: () =>
      navigate(`/plugins/${PLUGIN_ID}/mass-cancellation?appointments=${idsOf(documents)}`),
  };
};
