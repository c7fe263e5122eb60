export {
  type HostAppointment,
  type HostClient,
  type HostDocument,
  type HostFile,
  hostRepository,
  isPluginWrite,
  useDocumentMiddleware,
} from './repositories/host';
export {
  type HostMapping,
  MINIMAL_MAPPING_EXAMPLE,
  type SchemaLookup,
  checkHostMapping,
  formatMappingProblems,
} from './domain/mapping';
export { isEmailAddress, normalizeMobile, normalizeThreemaId } from './domain/phone';
export { optOutWithdraws } from './domain/consent';
export { appointmentEventOf } from './domain/draft-publish';
