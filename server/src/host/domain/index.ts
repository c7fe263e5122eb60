export { type HostMapping, MINIMAL_MAPPING_EXAMPLE } from './mapping';
export { isEmailAddress, normalizeMobile, normalizeThreemaId } from './phone';
export {
  appointmentPracticeFilter,
  asRbacCondition,
  clientPracticeFilter,
  isPracticeKey,
  type PracticeMapping,
} from './practice';
