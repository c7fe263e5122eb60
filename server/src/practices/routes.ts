import { PLUGIN_ID } from '../constants';

/**
 * The practices slice's admin route: the switcher's list. Open to every
 * admin (it only tells them what they may act for); each other route checks
 * its own action and practice (kernel/http/guarded).
 */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/practices/mine',
    handler: 'practices.mine',
    config: {
      policies: ['admin::isAuthenticatedAdmin'],
      middlewares: [`plugin::${PLUGIN_ID}.safe-input`],
    },
  },
];
