import auditController from './controllers/audit';
export { type AuditConfig, audit } from './middleware';

/** The audit slice's controllers, registered under these names (routes name them as `name.action`). */
// Annotated: the published declarations then name the factory instead of
// spelling out Strapi's type by a path inside @strapi/types.
export const controllers: { audit: typeof auditController } = {
  audit: auditController,
};
export { adminRoutes } from './routes';
