import { audit } from './audit';
import { safeInput } from './kernel/http/safe-input';
import { actingPracticeMiddleware } from './practices';

/** Annotated, so the published declarations name them instead of spelling out Strapi's types. */
const middlewares: {
  'safe-input': typeof safeInput;
  'acting-practice': typeof actingPracticeMiddleware;
  audit: typeof audit;
} = {
  'safe-input': safeInput,
  'acting-practice': actingPracticeMiddleware,
  audit,
};

export default middlewares;
