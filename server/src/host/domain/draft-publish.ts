/**
 * The one draft & publish policy for the plugin's notices, by Document
 * Service action: what an action means for the appointment as the plugin
 * sees it (the published version; host repository). Without draft &
 * publish every save counts. With it, drafts never notify anyone:
 * publishing is what creates, moves or cancels an appointment, and
 * unpublishing or deleting a published appointment cancels it.
 */
export function appointmentEventOf(
  action: string,
  params: { status?: string },
  draftAndPublish: boolean
): 'created' | 'changed' | 'gone' | null {
  const publishesNow = !draftAndPublish || params.status === 'published';
  switch (action) {
    case 'create':
    case 'clone':
      return publishesNow ? 'created' : null;
    case 'update':
      return publishesNow ? 'changed' : null;
    case 'publish':
      return draftAndPublish ? 'changed' : null;
    case 'unpublish':
      return draftAndPublish ? 'gone' : null;
    case 'delete':
      return 'gone';
    default:
      // discardDraft, reads, counts
      return null;
  }
}
