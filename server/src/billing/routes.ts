import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The billing slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  { method: 'GET', path: '/usage', handler: 'usage.usage', config: guarded(ACTIONS.usageRead) },
  {
    method: 'GET',
    path: '/invoices',
    handler: 'usage.invoices',
    config: guarded(ACTIONS.usageRead),
  },
  {
    method: 'GET',
    path: '/invoices/:id.csv',
    handler: 'usage.invoiceCsv',
    config: guarded(ACTIONS.usageRead),
  },
  {
    method: 'GET',
    path: '/invoices/:id',
    handler: 'usage.invoice',
    config: guarded(ACTIONS.usageRead),
  },
  // the platform operator's view across practices (a permission without "own practice only")
  {
    method: 'GET',
    path: '/operator/usage',
    handler: 'usage.operatorOverview',
    config: guarded(ACTIONS.operatorRead),
  },
  {
    method: 'GET',
    path: '/operator/billing-run.csv',
    handler: 'usage.billingRunCsv',
    config: guarded(ACTIONS.operatorRead),
  },
  // ?practice= names the practice whose prices change (required)
  {
    method: 'PUT',
    path: '/operator/prices',
    handler: 'usage.setPrices',
    config: guarded(ACTIONS.operatorPrices, { action: 'prices.changed', target: 'practice' }),
  },
];
