import type { Core } from '@strapi/strapi';
import { panelsService } from '../services/panels';
import { practiceOf } from './practice';
import { plannerService } from '../services/planner';

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
  async client(ctx: any) {
    ctx.body = { data: await panelsService(strapi).client(practiceOf(strapi, ctx), String(ctx.params.documentId)) };
  },
});
