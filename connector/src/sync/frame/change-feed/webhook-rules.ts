/**
 * The webhook fast path in the ERP: one `base.automation` rule per backend and (model, field, value) that the live
 * subscriptions ask for (`on_state_set`, an `ir.actions.server` of state `webhook` posting `id` and the fields the
 * subscribers read to `<public URL>/inbound/erp/<backend>/<secret>`). Looked up by name before it is created;
 * rewritten when the URL or the secret changed; removed when no live subscription asks for it any more (the flow or
 * the backend switched off, no public URL). Never on `stock.quant`: Odoo posts once per record inside the user's
 * request, with a 1 s timeout each.
 */
import type { ChangeSubscription } from '../../../core/change-feed/index.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { SetupRecord } from '../setup.ts';

/** Models whose rules would slow every stock operation of the ERP: polled only. */
const NEVER_HOOKED = new Set(['stock.quant', 'stock.move.line']);

/** The name every rule of a backend starts with (how the set-up finds its own rules). */
export const rulePrefix = (backendId: number): string => `Amazon connector (backend ${backendId}): `;

/** The path the ERP posts to, secret last (the one path segment the log never shows). */
export const webhookPath = (backendId: number, secret: string): string => `/inbound/erp/${backendId}/${secret}`;

interface WantedRule {
  name: string;
  model: string;
  field: string;
  value: string;
  fields: string[];
}

/** The rules the live subscriptions ask for (one per model, field and value; the fields of every subscriber). */
export function wantedRules(backendId: number, subs: readonly ChangeSubscription[]): WantedRule[] {
  const rules = new Map<string, WantedRule>();
  for (const s of subs) {
    if (!s.webhook || NEVER_HOOKED.has(s.model)) continue;
    const name = `${rulePrefix(backendId)}${s.model} ${s.webhook.field} = ${s.webhook.value}`;
    const rule = rules.get(name) ?? { name, model: s.model, field: s.webhook.field, value: s.webhook.value, fields: ['id'] };
    for (const f of s.fields) if (!rule.fields.includes(f)) rule.fields.push(f);
    rules.set(name, rule);
  }
  return [...rules.values()];
}

export interface RuleReport {
  created: SetupRecord[];
  found: SetupRecord[];
  changed: SetupRecord[];
  removed: SetupRecord[];
}

/**
 * Makes the ERP's rules of `backendId` what `wanted` says, posting to `url` (null: remove them all). Safe to run
 * again: looks up before it creates, writes only what differs.
 */
export async function reconcileRules(erp: ErpPort, backendId: number, wanted: readonly WantedRule[], url: string | null): Promise<RuleReport> {
  const report: RuleReport = { created: [], found: [], changed: [], removed: [] };
  const existing = await erp.searchRead('base.automation', [['name', '=like', `${rulePrefix(backendId)}%`]], ['name', 'action_server_ids', 'active'], {
    context: { active_test: false },
  });
  const want = url ? wanted : [];
  for (const rule of want) {
    const found = existing.find((r) => r.name === rule.name);
    const fieldIds = await fieldIdsOf(erp, rule.model, rule.fields);
    if (found) {
      const actionIds = (found.action_server_ids as number[] | false) || [];
      const actions = actionIds.length ? await erp.read('ir.actions.server', actionIds, ['webhook_url', 'webhook_field_ids', 'state']) : [];
      const stale = actions.filter((a) => a.webhook_url !== url || !sameIds(a.webhook_field_ids, fieldIds));
      if (stale.length) await erp.write('ir.actions.server', stale.map((a) => a.id), { webhook_url: url, webhook_field_ids: [[6, 0, fieldIds]] });
      if (found.active === false) await erp.write('base.automation', [found.id], { active: true });
      const record = { what: `webhook rule ${rule.model} ${rule.field} = ${rule.value}`, erpModel: 'base.automation', erpId: found.id };
      (stale.length || found.active === false ? report.changed : report.found).push(record);
      continue;
    }
    const modelId = await modelIdOf(erp, rule.model);
    const stateField = await erp.searchRead('ir.model.fields', [['model', '=', rule.model], ['name', '=', rule.field]], ['name']);
    const selection = stateField[0]
      ? await erp.searchRead('ir.model.fields.selection', [['field_id', '=', stateField[0].id], ['value', '=', rule.value]], ['value'])
      : [];
    if (!selection[0]) throw new Error(`the ERP has no value ${rule.value} of ${rule.model}.${rule.field} for a webhook rule`);
    const [id] = await erp.create('base.automation', [{
      name: rule.name,
      model_id: modelId,
      trigger: 'on_state_set',
      trg_selection_field_id: selection[0].id,
      action_server_ids: [[0, 0, {
        name: `${rule.name}: POST to the connector`,
        state: 'webhook',
        model_id: modelId,
        webhook_url: url,
        webhook_field_ids: [[6, 0, fieldIds]],
      }]],
    }]);
    report.created.push({ what: `webhook rule ${rule.model} ${rule.field} = ${rule.value}`, erpModel: 'base.automation', erpId: id! });
  }
  const stale = existing.filter((r) => !want.some((w) => w.name === r.name));
  if (stale.length) {
    await erp.unlink('base.automation', stale.map((r) => r.id));
    for (const r of stale) report.removed.push({ what: `webhook rule ${String(r.name).slice(rulePrefix(backendId).length)}`, erpModel: 'base.automation', erpId: r.id });
  }
  return report;
}

async function modelIdOf(erp: ErpPort, model: string): Promise<number> {
  const rows = await erp.searchRead('ir.model', [['model', '=', model]], ['model']);
  if (!rows[0]) throw new Error(`the ERP has no model ${model}`);
  return rows[0].id;
}

async function fieldIdsOf(erp: ErpPort, model: string, names: readonly string[]): Promise<number[]> {
  const rows = await erp.searchRead('ir.model.fields', [['model', '=', model], ['name', 'in', [...names]]], ['name']);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

function sameIds(a: unknown, b: readonly number[]): boolean {
  const ids = Array.isArray(a) ? [...(a as number[])].sort((x, y) => x - y) : [];
  return ids.length === b.length && ids.every((id, i) => id === b[i]);
}
