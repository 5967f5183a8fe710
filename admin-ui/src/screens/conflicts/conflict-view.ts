/** What the conflicts screen shows of the API's conflicts: types, labels, and the side-by-side rows. */
import type { components } from '@/api/openapi';

export type ConflictSummary = components['schemas']['ConflictSummary'];
export type Conflict = components['schemas']['Conflict'];
export type ConflictFacets = components['schemas']['ConflictFacets'];

/** The button label of each action the API offers (a flow's own action falls back to its name). */
export const ACTION_LABELS: Record<string, string> = {
  retry: 'Retry',
  ignore: 'Ignore…',
  map_sku: 'Map the SKU and retry…',
  cancel_in_erp: 'Cancel in the ERP',
  keep: 'Keep the ERP order',
  take_amazon: "Take Amazon's lines",
  keep_erp: "Keep the ERP's order",
  activate_and_retry: 'Activate the product and retry',
};

/** Actions a person confirms first (a flow's own actions change the ERP or close the conflict for good); retry,
 * ignore (asks the reason) and map_sku (asks the product) have their own step. */
export const needsConfirm = (action: string): boolean => !['retry', 'ignore', 'map_sku'].includes(action);
export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action.replace(/_/g, ' ');

/** A line of an order as both sides show it (ORDER_EDITED_IN_ERP's `{ quantity, priceUnit }`). */
const isLine = (v: object): v is { quantity: string; priceUnit: string } =>
  Object.keys(v).length === 2 && typeof (v as { quantity?: unknown }).quantity === 'string' && typeof (v as { priceUnit?: unknown }).priceUnit === 'string';

/** One value as shown: a short text, and for a large object or array its full JSON behind "expand". */
export interface SideCell {
  text: string;
  full: string | null;
}

/** One row of the side-by-side table: a field, both values, whether they differ (to mark it). */
export interface SideRow {
  field: string;
  amazon: SideCell;
  erp: SideCell;
  differs: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** JSON up to this length reads fine inline; longer (Amazon's `proceeds`, item lists) is summarised. */
const INLINE_JSON = 60;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A value as a cell: strings and numbers as they are, small JSON inline, large JSON summarised and expandable. */
export function sideCell(v: unknown): SideCell {
  if (v === undefined) return { text: '', full: null };
  if (v === null) return { text: '—', full: null };
  if (typeof v !== 'object') return { text: String(v), full: null };
  if (isLine(v)) return { text: `${v.quantity} × ${v.priceUnit}`, full: null };
  const json = JSON.stringify(v);
  if (json.length <= INLINE_JSON) return { text: json, full: null };
  const keys = Object.keys(v);
  const text = Array.isArray(v)
    ? `[${plural(v.length, 'item')}]`
    : `{ ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''} } (${plural(keys.length, 'field')})`;
  return { text, full: JSON.stringify(v, null, 2) };
}

/**
 * The rows of both sides, the differing fields (the API's `fields`) first and marked, then the others; a side
 * that is not an object is one row `(value)`.
 */
export function sideRows(c: Pick<Conflict, 'amazonSide' | 'erpSide' | 'fields'>): SideRow[] {
  const a = isRecord(c.amazonSide) ? c.amazonSide : c.amazonSide == null ? {} : { '(value)': c.amazonSide };
  const e = isRecord(c.erpSide) ? c.erpSide : c.erpSide == null ? {} : { '(value)': c.erpSide };
  const marked = new Map(c.fields.map((f) => [f.field, f]));
  const rows: SideRow[] = c.fields.map((f) => ({ field: f.field, amazon: sideCell(f.amazon), erp: sideCell(f.erp), differs: true }));
  for (const k of new Set([...Object.keys(a), ...Object.keys(e)])) {
    if (!marked.has(k)) rows.push({ field: k, amazon: sideCell(a[k]), erp: sideCell(e[k]), differs: false });
  }
  return rows;
}

/** The actions a person can take now: the available ones, with ignore (dismiss with a reason) in place of dismiss. */
export function offeredActions(c: Pick<Conflict, 'actions' | 'status'>): Array<{ action: string; description: string }> {
  if (c.status !== 'open') return [];
  return c.actions
    .filter((a) => a.available)
    .map((a) => (a.action === 'dismiss' ? { action: 'ignore', description: 'ignore: close it without syncing, saying why' } : a));
}

/** The flow's actions that do not fit the conflict now, each with why (shown disabled, the reason beside it). */
export function unavailableActions(c: Pick<Conflict, 'actions' | 'status'>): Array<{ action: string; why: string }> {
  if (c.status !== 'open') return [];
  return c.actions.filter((a) => !a.available && a.action !== 'dismiss').map((a) => ({ action: a.action, why: a.description }));
}
