/** A comma-separated list of ids from the URL (`?clients=a,b`), without blanks and repeats. */
export function idList(value: string | null): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    ),
  ];
}
