import auditController from './controllers/audit';
export { type AuditConfig, audit } from './middleware';

/** The audit slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  audit: auditController,
};
export { adminRoutes } from './routes';
