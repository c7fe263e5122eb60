import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The templates slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/templates',
    handler: 'templates.find',
    config: guarded(ACTIONS.templatesRead),
  },
  {
    method: 'POST',
    path: '/templates/defaults',
    handler: 'templates.createDefaults',
    config: guarded(ACTIONS.templatesUpdate, { action: 'templates.defaults-created' }),
  },
  {
    method: 'GET',
    path: '/templates/:id',
    handler: 'templates.findOne',
    config: guarded(ACTIONS.templatesRead),
  },
  {
    method: 'POST',
    path: '/templates',
    handler: 'templates.create',
    config: guarded(ACTIONS.templatesUpdate, { action: 'template.created', target: 'template' }),
  },
  {
    method: 'PUT',
    path: '/templates/:id',
    handler: 'templates.update',
    config: guarded(ACTIONS.templatesUpdate, { action: 'template.changed', target: 'template' }),
  },
  {
    method: 'DELETE',
    path: '/templates/:id',
    handler: 'templates.delete',
    config: guarded(ACTIONS.templatesUpdate, { action: 'template.deleted', target: 'template' }),
  },
  {
    method: 'POST',
    path: '/templates/:id/preview',
    handler: 'templates.preview',
    config: guarded(ACTIONS.templatesRead),
  },
  {
    method: 'POST',
    path: '/templates/:id/test',
    handler: 'templates.sendTest',
    config: guarded(ACTIONS.send, { action: 'template.test-sent', target: 'template' }),
  },
  {
    method: 'GET',
    path: '/preview-choices',
    handler: 'templates.previewChoices',
    config: guarded(ACTIONS.templatesRead),
  },
  {
    method: 'POST',
    path: '/analyze',
    handler: 'templates.analyze',
    config: guarded(ACTIONS.templatesRead),
  },
];
