interface ApiErrorBody {
  message?: string;
  details?: { errors?: { path?: string[] }[]; path?: string[] };
}

const errorBody = (error: unknown): ApiErrorBody | undefined =>
  (error as { response?: { data?: { error?: ApiErrorBody } } })?.response?.data?.error;

/** The message of a failed admin request: Strapi's `error.message` (it names the field), else the HTTP error. */
export const apiErrorMessage = (error: unknown): string => errorBody(error)?.message ?? (error as Error)?.message ?? String(error);

/**
 * The fields a refused request names, as dotted paths ("days.0", "text"):
 * `details.errors[].path` of a 400, `details.path` of a 409.
 */
export const apiErrorPaths = (error: unknown): string[] => {
  const details = errorBody(error)?.details;
  const paths = [...(details?.errors ?? []).map((item) => item.path ?? []), details?.path ?? []];
  return paths.filter((path) => path.length > 0).map((path) => path.join('.'));
};
