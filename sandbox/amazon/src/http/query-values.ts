/** Query-string helpers: amazon-sp-api sends arrays comma-separated (`a,b`); other clients repeat the key. */

export type RawQuery = Record<string, string | string[] | undefined>;

/** A list parameter as an array (comma-separated and/or repeated), or undefined when absent. */
export function listParam(q: RawQuery, name: string): string[] | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return parts;
}

/** A scalar parameter; a repeated one is an error the caller reports. */
export function scalarParam(q: RawQuery, name: string): string | undefined | { repeated: true } {
  const v = q[name];
  if (Array.isArray(v)) return { repeated: true };
  return v;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 date-time with a zone (as the model's `date-time` format asks), or undefined. */
export function parseIsoTime(value: string): number | undefined {
  if (!ISO_8601.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
}

/** Prints a time as Amazon does in answers: ISO 8601 UTC, whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
