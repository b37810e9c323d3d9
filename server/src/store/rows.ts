/** Converts a timestamptz value from either engine into an ISO-8601 UTC string. */
export const toIso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

/** Same as toIso, keeping null. */
export const toIsoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : toIso(value);

/** Numbers from bigint/numeric columns arrive as strings on some drivers. */
export const toNumber = (value: unknown): number =>
  typeof value === 'number' ? value : Number(value);

/** Builds "($1,$2,$3),($4,$5,$6)" for a multi-row insert of `rows` rows of `width` columns. */
export const valuesPlaceholders = (rows: number, width: number, cast: readonly string[] = []) =>
  Array.from(
    { length: rows },
    (_, r) =>
      `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}${cast[c] ?? ''}`).join(',')})`,
  ).join(',');

/** Splits a list into chunks of at most `size` (bind parameters are limited to 65,535). */
export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
