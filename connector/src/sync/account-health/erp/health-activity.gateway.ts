/**
 * The account-health flow's ERP calls: the named user (`res.users` by login, active), the partner of the user's
 * company (the document the activity hangs on: res.partner is a mail.activity.mixin model in Odoo 17-19, and the
 * activity shows in the assignee's "My Activities" whatever its document), the alert's activity looked up by its
 * tag in the summary (archived ones too: Odoo 18-19 archive a done activity, `active_test: false`), and a plain
 * `create` on `mail.activity` with `res_model` and `res_id` (Odoo's default_get fills `res_model_id`), the standard
 * To-Do type found by its xml id `mail.mail_activity_data_todo` in `ir.model.data`.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';

const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);

export interface ActivityTarget {
  userId: number;
  partnerId: number;
}

export interface NewActivity {
  target: ActivityTarget;
  summary: string;
  note: string;
  /** YYYY-MM-DD */
  deadline: string;
}

export function healthActivityGateway(erp: ErpPort) {
  return {
    /** The active user with that login and the partner of their company; null when there is none. */
    async targetOf(login: string): Promise<ActivityTarget | null> {
      const [user] = await erp.searchRead('res.users', [['login', '=', login]], ['company_id', 'partner_id'], { limit: 1 });
      if (!user) return null;
      const companyId = m2oId(user.company_id);
      const [company] = companyId ? await erp.read('res.company', [companyId], ['partner_id']) : [];
      const partnerId = m2oId(company?.partner_id) ?? m2oId(user.partner_id);
      return partnerId ? { userId: user.id, partnerId } : null;
    },
    /** The activity already made for a tag (a crash after the create, before the connector recorded it). */
    async findByTag(tag: string): Promise<number | null> {
      const found = await erp.search('mail.activity', [['summary', 'ilike', tag]], { limit: 1, context: { active_test: false } });
      return found[0] ?? null;
    },
    /**
     * Marks the activity done ("Mark Done" with a feedback: `action_feedback`, Odoo 17-19) unless it is done
     * (archived, Odoo 18-19) or gone (Odoo 17 deletes a done one, or a person did): whether it was marked.
     */
    async markDone(id: number, feedback: string): Promise<boolean> {
      const [row] = await erp.searchRead('mail.activity', [['id', '=', id]], ['active'], { context: { active_test: false } });
      if (!row || row.active === false) return false;
      await erp.call('mail.activity', 'action_feedback', [id], { kwargs: { feedback } });
      return true;
    },
    async create(a: NewActivity): Promise<number> {
      const [todo] = await erp.searchRead('ir.model.data', [['module', '=', 'mail'], ['name', '=', 'mail_activity_data_todo']], ['res_id'], { limit: 1 });
      const [id] = await erp.create('mail.activity', [{
        res_model: 'res.partner', res_id: a.target.partnerId, user_id: a.target.userId, summary: a.summary, note: a.note, date_deadline: a.deadline,
        ...(todo ? { activity_type_id: Number(todo.res_id) } : {}),
      }]);
      return id!;
    },
  };
}
