/**
 * Dotted paths with array indexes into plain JSON ("orderItems[0].product.sellerSku", "a.b.0.c"). Parsed
 * paths are cached: mapping rows are few and evaluated for every order.
 */
export type PathSegment = string | number;

const cache = new Map<string, PathSegment[] | null>();
const SEGMENT = /^([A-Za-z_$][\w$-]*|\d+)((?:\[\d+\])*)$/;

/** Splits a path into segments, or null when it is not a valid path. */
export function parsePath(path: string): PathSegment[] | null {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  let out: PathSegment[] | null = [];
  for (const part of path.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m) {
      out = null;
      break;
    }
    out.push(/^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  if (cache.size < 10_000) cache.set(path, out);
  return out;
}

/** The value at a path, or undefined when any step is missing (never throws on data). */
export function resolvePath(source: unknown, path: string): unknown {
  const segments = parsePath(path);
  if (!segments) return undefined;
  let cur: unknown = source;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      // Own properties only: a path must never reach into prototypes ("constructor", "__proto__").
      if (!Object.hasOwn(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}
