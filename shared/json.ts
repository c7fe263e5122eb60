/** A JSON object (not null, not a list): a request body, a config block, a stored JSON attribute. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
