import type { Core } from '@strapi/strapi';
import { panelsService } from '../services/panels';
import { practiceOf } from './practice';
import { plannerService } from '../services/planner';
import { FieldErrors } from '../validation/field-errors';
import { PROBLEMS } from '../validation/problems';

/** Matches a page of the Content Manager's list (its largest page size). */
const MAX_INDICATORS = 100;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function appointmentIdList(value: unknown): string[] {
  const ids = typeof value === 'string' ? value.split(',').filter(Boolean) : [];
  const errors = new FieldErrors();
  if (ids.length === 0 || ids.length > MAX_INDICATORS) errors.add('ids', PROBLEMS.idList());
  else if (!ids.every((id) => DOCUMENT_ID.test(id))) errors.add('ids', PROBLEMS.documentIdOf('appointment'));
  errors.throwIfAny();
  return [...new Set(ids)];
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  mapping(ctx: any) {
    ctx.body = { data: panelsService(strapi).mapping() };
  },
  async appointment(ctx: any) {
    ctx.body = { data: await panelsService(strapi).appointment(practiceOf(strapi, ctx), String(ctx.params.documentId)) };
  },
  /** Appointments whose notices could not be planned, with the reason; `?appointmentId=` for one. */
  async planningFailures(ctx: any) {
    const appointmentId = typeof ctx.query.appointmentId === 'string' ? ctx.query.appointmentId : undefined;
    ctx.body = { data: await plannerService(strapi).failures(20, appointmentId) };
  },
  /** Plans failed appointments again now (all, or `{ appointmentId }`), once the cause is fixed. */
  async retryPlanning(ctx: any) {
    const appointmentId = typeof ctx.request.body?.appointmentId === 'string' ? ctx.request.body.appointmentId : undefined;
    const due = await plannerService(strapi).retry(appointmentId);
    ctx.body = { data: { due } };
  },
  /** `?ids=a,b,c` (at most 100 appointment documentIds): each one's bubble, for the list column. */
  async indicators(ctx: any) {
    const ids = appointmentIdList(ctx.query.ids);
    ctx.body = { data: await panelsService(strapi).indicators(practiceOf(strapi, ctx), ids) };
  },
  async client(ctx: any) {
    ctx.body = { data: await panelsService(strapi).client(practiceOf(strapi, ctx), String(ctx.params.documentId)) };
  },
});
