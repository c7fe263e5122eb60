/** The message of a failed admin request: Strapi's `error.message` (it names the field), else the HTTP error. */
export const apiErrorMessage = (error: unknown): string => {
  const response = (error as { response?: { data?: { error?: { message?: string } } } })?.response;
  return response?.data?.error?.message ?? (error as Error)?.message ?? String(error);
};
