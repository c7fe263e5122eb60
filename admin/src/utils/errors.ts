type Reason = { de?: string; en?: string };

interface ApiErrorBody {
  message?: string;
  details?: { errors?: { path?: string[]; reason?: Reason }[]; path?: string[]; reason?: Reason };
}

const errorBody = (error: unknown): ApiErrorBody | undefined =>
  (error as { response?: { data?: { error?: ApiErrorBody } } })?.response?.data?.error;

const languageOf = (locale: string): 'de' | 'en' =>
  locale.toLowerCase().startsWith('de') ? 'de' : 'en';

/** The admin's language as Strapi keeps it (for callers outside React's intl context, e.g. a notification). */
const adminLocale = (): string =>
  globalThis.localStorage?.getItem('strapi-admin-language') ??
  globalThis.navigator?.language ??
  'en';

/**
 * Why a request failed, for a person: the server words every refusal in
 * German and English (`details.errors[].reason`, `details.reason`); the
 * sentence in the admin's language is shown. Only an answer without one
 * (a network failure, another plugin) falls back to the technical message.
 */
export const apiErrorMessage = (error: unknown, locale = adminLocale()): string => {
  const body = errorBody(error);
  const language = languageOf(locale);
  const reasons = [
    ...(body?.details?.errors ?? []).map((item) => item.reason?.[language]),
    body?.details?.reason?.[language],
  ].filter((reason): reason is string => Boolean(reason));
  if (reasons.length > 0) return [...new Set(reasons)].join(' ');
  return body?.message ?? (error as Error)?.message ?? String(error);
};

/** The reason for one field (or a field below it, "days" for "days.1"), for Field.Root's `error`. */
export const apiErrorForField = (
  error: unknown,
  field: string,
  locale = adminLocale()
): string | undefined => {
  const details = errorBody(error)?.details;
  const language = languageOf(locale);
  const items = [
    ...(details?.errors ?? []),
    ...(details?.path ? [{ path: details.path, reason: details.reason }] : []),
  ];
  const matching = items.filter((item) => {
    const path = (item.path ?? []).join('.');
    return path === field || path.startsWith(`${field}.`);
  });
  if (matching.length === 0) return undefined;
  const reasons = matching
    .map((item) => item.reason?.[language])
    .filter((reason): reason is string => Boolean(reason));
  return reasons.length > 0 ? [...new Set(reasons)].join(' ') : apiErrorMessage(error, locale);
};

/**
 * The fields a refused request names, as dotted paths ("days.0", "text"):
 * `details.errors[].path` of a 400, `details.path` of a 409.
 */
export const apiErrorPaths = (error: unknown): string[] => {
  const details = errorBody(error)?.details;
  const paths = [...(details?.errors ?? []).map((item) => item.path ?? []), details?.path ?? []];
  return paths.filter((path) => path.length > 0).map((path) => path.join('.'));
};
