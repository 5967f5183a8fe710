/**
 * The ERP side of the care flow: the one place naming what it reads and writes — `mail.activity` on `sale.order`
 * (created with `res_model_id`, `res_id`, `activity_type_id`, `user_id`, `date_deadline`, `summary`, `note`, as
 * Odoo 17-19 take it over the external API), `mail.activity.type` by xml id (`ir.model.data`), `ir.model`,
 * `res.users` by login. Done in the ERP: Odoo 18/19 archive the activity (`active` false, `date_done`), 17 deletes
 * it; so every read here passes `active_test: false` and a missing activity counts as done.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { Domain, ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const SALE_ORDER = 'sale.order';
export const ACTIVITY = 'mail.activity';
const ALL = { context: { active_test: false } };

export interface NewActivity { orderId: number; modelId: number; typeId: number; userId: number | null; deadline: string; summary: string; note: string }
export interface ActivityState { id: number; done: boolean; doneOn: string | null }

const num = (r: ErpRecord, f: string): number => {
  const v = r[f];
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  throw new PermanentError('ERP_PROTOCOL', `the ERP's field ${f} of record ${r.id} has an unexpected type`, { id: r.id, field: f });
};

export function activityGateway(erp: ErpPort) {
  return {
    /** The `ir.model` id of sale.order (what `res_model_id` takes). */
    async saleOrderModelId(): Promise<number> {
      const ids = await erp.search('ir.model', [['model', '=', SALE_ORDER]], { limit: 1 });
      if (!ids.length) throw new PermanentError('ERP_PROTOCOL', 'the ERP has no ir.model record for sale.order');
      return ids[0]!;
    },
    /** The activity type of an xml id ('mail.mail_activity_data_todo'), or null. */
    async typeOf(xmlid: string): Promise<number | null> {
      const [module, name] = xmlid.split('.');
      const rows = await erp.searchRead('ir.model.data', [['module', '=', module!], ['name', '=', name!], ['model', '=', 'mail.activity.type']], ['res_id'], { limit: 1 });
      return rows[0] ? num(rows[0], 'res_id') : null;
    },
    /** An active user by login, or by id when the setting is digits; null when none. */
    async userOf(setting: string): Promise<number | null> {
      const domain: Domain = /^\d+$/.test(setting) ? [['id', '=', Number(setting)]] : [['login', '=', setting]];
      const ids = await erp.search('res.users', domain, { limit: 1 });
      return ids[0] ?? null;
    },
    /** Whether the sales order still exists. */
    async orderExists(orderId: number): Promise<boolean> {
      return (await erp.search(SALE_ORDER, [['id', '=', orderId]], ALL)).length > 0;
    },
    /** The order's activity carrying `marker` in its summary, archived (done) ones included: a create that did happen. */
    async findByMarker(orderId: number, marker: string): Promise<number | null> {
      const ids = await erp.search(ACTIVITY, [['res_model', '=', SALE_ORDER], ['res_id', '=', orderId], ['summary', 'ilike', marker]], { ...ALL, limit: 1, order: 'id asc' });
      return ids[0] ?? null;
    },
    async create(a: NewActivity): Promise<number> {
      const [id] = await erp.create(ACTIVITY, [{
        res_model_id: a.modelId, res_id: a.orderId, activity_type_id: a.typeId, date_deadline: a.deadline, summary: a.summary, note: a.note,
        ...(a.userId !== null ? { user_id: a.userId } : {}),
      }]);
      if (typeof id !== 'number') throw new PermanentError('ERP_PROTOCOL', 'the ERP answered no id for the new activity');
      return id;
    },
    /**
     * Marks the activity done as a person would ("Mark Done" with a feedback: `action_feedback`, Odoo 17-19), unless
     * it is done already or gone (a retry after a crash between the call and recording it): whether it was marked.
     */
    async markDone(id: number, feedback: string): Promise<boolean> {
      const s = (await this.states([id])).get(id);
      if (!s || s.done) return false;
      await erp.call(ACTIVITY, 'action_feedback', [id], { kwargs: { feedback } });
      return true;
    },
    /** Where the activities stand: done when archived; a deleted one (Odoo 17, or removed by hand) is absent. */
    async states(ids: readonly number[]): Promise<Map<number, ActivityState>> {
      if (!ids.length) return new Map();
      const rows = await erp.searchRead(ACTIVITY, [['id', 'in', [...ids]]], ['active', 'date_done'], ALL);
      return new Map(rows.map((r) => [r.id, { id: r.id, done: r.active === false, doneOn: typeof r.date_done === 'string' ? r.date_done : null }]));
    },
  };
}

export type ActivityGateway = ReturnType<typeof activityGateway>;
