import { contentApiRoutes } from '../../outbox';

/** The public API: the providers' delivery reports and replies (outbox/routes). */
export default () => ({
  type: 'content-api',
  routes: contentApiRoutes,
});
