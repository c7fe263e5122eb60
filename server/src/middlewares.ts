import { audit } from './audit';
import { safeInput } from './kernel/http/safe-input';

/** Annotated, so the published declarations name both instead of spelling out Strapi's types. */
const middlewares: { 'safe-input': typeof safeInput; audit: typeof audit } = {
  'safe-input': safeInput,
  audit,
};

export default middlewares;
