/**
 * Who acts for which practice. The host decides which practices an admin
 * user may act for (config `practiceAccess`, services/practice-access.ts);
 * this module decides, for one request, the practice it acts for. Pure.
 */

/** The practices a user may act for: a list of keys, or every practice. */
export type PracticeAccess = readonly string[] | '*';

export const EVERY_PRACTICE = '*' as const;

export const mayActFor = (access: PracticeAccess, practice: string): boolean =>
  access === EVERY_PRACTICE || access.includes(practice);

/** Two grants together (two roles, two permissions): what either allows. */
export function unionOf(grants: readonly PracticeAccess[]): PracticeAccess {
  if (grants.some((grant) => grant === EVERY_PRACTICE)) return EVERY_PRACTICE;
  return [...new Set(grants.flatMap((grant) => grant as readonly string[]))].sort();
}

/**
 * The practice a request acts for: the one it names (`?practice=`), if the
 * user may act for it; without a name, the default practice when the user
 * may act for it, else the first of the user's own. Null: the user may not
 * act for the named practice, or for any.
 */
export function actingPractice(
  requested: string | undefined,
  access: PracticeAccess,
  defaultPractice: string
): string | null {
  if (requested !== undefined) return mayActFor(access, requested) ? requested : null;
  if (mayActFor(access, defaultPractice)) return defaultPractice;
  return access === EVERY_PRACTICE ? defaultPractice : (access[0] ?? null);
}
