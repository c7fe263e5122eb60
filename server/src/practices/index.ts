import type { Core } from '@strapi/strapi';
import practicesController from './controllers/practices';
import { practiceAccessService } from './services/practice-access';

/** The practices slice: who acts for which practice (README "Many practices"). */
export const controllers = {
  practices: practicesController,
};

export const services = {
  'practice-access': ({ strapi }: { strapi: Core.Strapi }) => practiceAccessService(strapi),
};
export { adminRoutes } from './routes';
export { actingPracticeMiddleware, assertMayAct, forbiddenPractice } from './middleware';
export { OWN_PRACTICE_CONDITION_ID } from './services/practice-access';
export { mayActFor, type PracticeAccess } from './domain/acting';
