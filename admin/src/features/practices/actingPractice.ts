/**
 * The practice the admin acts for (README "Many practices"): chosen in the
 * practice switcher, kept in this browser (localStorage) and sent as
 * `?practice=` with every request of the plugin's pages and side panels.
 * The server checks it on every request; this only remembers the choice.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
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

/**
 * A record's own practice, for everything inside its side panel: the panel
 * of a record of another of the user's practices acts for that practice
 * (its sends, counter and prices), whatever the switcher shows.
 */
export const RecordPracticeContext = createContext<string | null>(null);

/** The practice key requests act for: the record's inside its panel, else the chosen one, else null (the server's default). */
export const useActingPractice = () => {
  const chosen = useSyncExternalStore(
    subscribe,
    () => current,
    () => null
  );
  return useContext(RecordPracticeContext) ?? chosen;
};
