/**
 * The practice the admin acts for (README "Many practices"): chosen in the
 * practice switcher, kept in this browser (localStorage) and sent as
 * `?practice=` with every request of the plugin's pages and side panels.
 * The server checks it on every request; this only remembers the choice.
 */
import { useSyncExternalStore } from 'react';
import { PLUGIN_ID } from '../../pluginId';

const STORAGE_KEY = `${PLUGIN_ID}.practice`;
const listeners = new Set<() => void>();

const read = (): string | null => {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked: every request acts for the user's default practice
  }
};

let current: string | null = typeof window === 'undefined' ? null : read();

export function setActingPractice(practice: string | null) {
  if (practice === current) return;
  current = practice;
  try {
    if (practice) window.localStorage.setItem(STORAGE_KEY, practice);
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // not kept across reloads; still used in this tab
  }
  listeners.forEach((listener) => listener());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The chosen practice key, or null: the server's default for this user. */
export const useActingPractice = () =>
  useSyncExternalStore(
    subscribe,
    () => current,
    () => null
  );

/** `url` of one of the plugin's own routes with the acting practice added (other URLs unchanged). */
export function withPractice(url: string, practice: string | null): string {
  if (!practice || !url.startsWith(`/${PLUGIN_ID}/`) || url.startsWith(`/${PLUGIN_ID}/practices/`))
    return url;
  const [path, hash] = url.split('#');
  const joined = `${path}${path.includes('?') ? '&' : '?'}practice=${encodeURIComponent(practice)}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}
