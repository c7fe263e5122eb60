/**
 * The host mapping, known before the Content Manager draws its first list:
 * the Initializer loads it right after login (plugins' initializers run in
 * the authenticated layout, and the admin waits for them), so the list hook,
 * which runs synchronously and cannot fetch, can tell the mapped appointment
 * type from all others.
 */
import type { HostMappingInfo } from './api';

let known: HostMappingInfo | null = null;

export const rememberHostMapping = (mapping: HostMappingInfo | null) => {
  known = mapping;
};

export const knownHostMapping = () => known;

/** The content type on screen in the Content Manager (list or edit view): /content-manager/collection-types/<uid>[/<documentId>]. */
export const modelOnScreen = (): string | null => {
  const uid = /\/collection-types\/([^/?#]+)/.exec(window.location.pathname)?.[1];
  return uid ? decodeURIComponent(uid) : null;
};
