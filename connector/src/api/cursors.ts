/**
 * The page cursors the API gives out, read back strictly: a cursor that is not exactly one we made is refused
 * with 400 CURSOR_INVALID (never taken for "no cursor", which would silently serve the first page again, and never
 * passed to PostgreSQL, where an impossible date or an id beyond bigint fails the query).
 */
import { PermanentError } from '../core/errors.ts';

const BIGINT_MAX = 2n ** 63n - 1n;
const ID_TEXT = /^[1-9][0-9]{0,18}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function invalid(): never {
  throw new PermanentError('CURSOR_INVALID', 'the cursor is not one this API gave out; ask for the first page without a cursor');
}

/** A row id as the cursor of id-ordered pages (conflicts, sync runs); ids stay within what a JS number holds. */
export const idCursor = {
  encode: (id: number): string => String(id),
  decode(cursor: string | undefined): number | undefined {
    if (cursor === undefined) return undefined;
    if (!ID_TEXT.test(cursor) || BigInt(cursor) > BigInt(Number.MAX_SAFE_INTEGER)) invalid();
    return Number(cursor);
  },
};

/** `(time, id)` of the last row of a page ordered by time then id (orders), base64url-encoded. */
export const timeIdCursor = {
  encode: (at: Date, id: string): string => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url'),
  decode(cursor: string | undefined): { at: string; id: string } | undefined {
    if (cursor === undefined) return undefined;
    const text = Buffer.from(cursor, 'base64url').toString();
    const [at, id, ...rest] = text.split('|');
    const canonical = Buffer.from(text).toString('base64url') === cursor;
    if (!canonical || rest.length || !at || !id || !ISO_MS.test(at) || !ID_TEXT.test(id) || BigInt(id) > BIGINT_MAX) invalid();
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || date.toISOString() !== at) invalid();
    return { at, id };
  },
};

/**
 * `(money, deadline, id)` of the last row of a page in urgency order (conflicts, most urgent first), base64url:
 * `m|<ISO time or ->|id` with m 0 for a money conflict, 1 for another (the sort key is `not money`).
 */
export const urgencyCursor = {
  encode: (money: boolean, dueAt: Date | null, id: number): string => Buffer.from(`${money ? 0 : 1}|${dueAt ? dueAt.toISOString() : '-'}|${id}`).toString('base64url'),
  decode(cursor: string | undefined): { notMoney: boolean; dueAt: string | null; id: number } | undefined {
    if (cursor === undefined) return undefined;
    const text = Buffer.from(cursor, 'base64url').toString();
    const [m, at, id, ...rest] = text.split('|');
    const canonical = Buffer.from(text).toString('base64url') === cursor;
    if (!canonical || rest.length || (m !== '0' && m !== '1') || !at || !id || !ID_TEXT.test(id) || BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)) invalid();
    if (at !== '-' && (!ISO_MS.test(at) || new Date(at).toISOString() !== at)) invalid();
    return { notMoney: m === '1', dueAt: at === '-' ? null : at, id: Number(id) };
  },
};

const KEY_TEXT = /^[A-Za-z0-9_.:=+-]{1,200}$/;

/**
 * `(time, key)` of the last row of a page ordered by time then a text key that is not a number (Amazon's financial
 * event group ids), base64url-encoded; read back as strictly as `timeIdCursor`.
 */
export const timeKeyCursor = {
  encode: (at: Date, key: string): string => Buffer.from(`${at.toISOString()}|${key}`).toString('base64url'),
  decode(cursor: string | undefined): { at: string; key: string } | undefined {
    if (cursor === undefined) return undefined;
    const text = Buffer.from(cursor, 'base64url').toString();
    const [at, key, ...rest] = text.split('|');
    const canonical = Buffer.from(text).toString('base64url') === cursor;
    if (!canonical || rest.length || !at || !key || !ISO_MS.test(at) || !KEY_TEXT.test(key)) invalid();
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || date.toISOString() !== at) invalid();
    return { at, key };
  },
};
