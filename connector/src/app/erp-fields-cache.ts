/**
 * The ERP fields of a model per backend, from the backend's ERP itself (`fields_get`, custom `x_` fields
 * included), kept a minute per process: the mapping editor asks for them on every open, the ERP changes them
 * rarely (and `fresh` asks again at once).
 */
import type { ErpPort } from '../erp/erp-port.ts';
import type { ErpFieldT } from '../api/mapping-schemas.ts';

const ATTRIBUTES = ['string', 'type', 'required', 'readonly', 'relation', 'selection'] as const;
// Odoo's own bookkeeping fields: never a mapping's business.
const MAGIC = new Set(['id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date', '__last_update']);

/** One field as the editor shows it, from fields_get's description. */
export function erpFieldOf(name: string, d: Record<string, unknown>): ErpFieldT {
  const selection = Array.isArray(d.selection) ? (d.selection as unknown[]).filter((s): s is [string, string] => Array.isArray(s) && s.length === 2).map(([v, l]) => [String(v), String(l)] as [string, string]) : null;
  return {
    name,
    label: typeof d.string === 'string' ? d.string : name,
    type: typeof d.type === 'string' ? d.type : 'unknown',
    required: d.required === true,
    readonly: d.readonly === true,
    relation: typeof d.relation === 'string' && d.relation ? d.relation : null,
    selection,
    custom: name.startsWith('x_'),
  };
}

export interface ErpFieldsCache {
  fields(backendId: number, erp: ErpPort, model: string, fresh?: boolean): Promise<ErpFieldT[]>;
}

/** A cache whose entries live `ttlMs` (a minute by default). */
export function createErpFieldsCache(ttlMs = 60_000, now: () => number = Date.now): ErpFieldsCache {
  const entries = new Map<string, { at: number; fields: Promise<ErpFieldT[]> }>();
  return {
    fields(backendId, erp, model, fresh = false) {
      const key = `${backendId}:${model}`;
      const hit = entries.get(key);
      if (hit && !fresh && now() - hit.at < ttlMs) return hit.fields;
      const fields = erp.fieldsGet(model, ATTRIBUTES).then((all) =>
        Object.entries(all).filter(([n]) => !MAGIC.has(n)).map(([n, d]) => erpFieldOf(n, d)).sort((a, b) => a.name.localeCompare(b.name)),
      );
      entries.set(key, { at: now(), fields });
      // A failed answer is not kept: the next open asks again.
      fields.catch(() => entries.get(key)?.fields === fields && entries.delete(key));
      return fields;
    },
  };
}
