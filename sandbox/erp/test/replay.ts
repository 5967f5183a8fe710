/**
 * Replays recorded Odoo calls against the sandbox and compares the answers, model-aware: ids are translated
 * through an IdMap (requests) and checked for consistency (answers), names of sequences and datetimes are compared
 * by shape, everything else must be equal.
 */
import type { Json, Registry } from '../src/orm/types.ts';
import { IdMap } from './id-map.ts';

export interface Recorded {
  transport: 'json2' | 'jsonrpc';
  url: string;
  request: Record<string, Json>;
  status: number;
  response: Json;
}

type O = Record<string, Json>;
/** The keys of a payment widget's entries that hold record ids, and their models. */
const WIDGET_IDS: Record<string, string> = {
  id: 'account.move.line', move_id: 'account.move', partial_id: 'account.partial.reconcile', currency_id: 'res.currency', account_payment_id: 'account.payment',
};
const isObj = (v: unknown): v is O => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Replayer {
  readonly ids = new IdMap();
  readonly reg: Registry;
  readonly subst: { db: string; key: string };
  constructor(reg: Registry, subst: { db: string; key: string }) {
    this.reg = reg;
    this.subst = subst;
  }

  private rel(model: string, field: string): { type: string; relation?: string } | undefined {
    if (field === 'id') return { type: 'many2one', relation: model };
    return this.reg.models.get(model)?.fields[field.split('.')[0]!];
  }

  /** A request's vals with recorded ids replaced. */
  vals(model: string, v: Json): Json {
    if (!isObj(v)) return v;
    const out: O = {};
    for (const [k, x] of Object.entries(v)) {
      const f = this.rel(model, k);
      if (!f?.relation) out[k] = x;
      else if (f.type === 'many2one') out[k] = typeof x === 'number' ? this.ids.toMine(f.relation, x) : x;
      else out[k] = this.commands(f.relation, x);
    }
    return out;
  }

  private commands(model: string, x: Json): Json {
    if (!Array.isArray(x)) return x;
    if (x.every((c) => typeof c === 'number')) return x.map((id) => this.ids.toMine(model, id as number));
    return x.map((c) => {
      if (!Array.isArray(c)) return c;
      const [code, id, v] = c as [number, number, Json];
      if (code === 0) return [0, id, this.vals(model, v)];
      if (code === 1) return [1, this.ids.toMine(model, id), this.vals(model, v)];
      if (code === 6) return [6, 0, (v as number[]).map((i) => this.ids.toMine(model, i))];
      if (code === 5) return c;
      return [code, this.ids.toMine(model, id)];
    });
  }

  domain(model: string, d: Json): Json {
    if (!Array.isArray(d)) return d;
    return d.map((leaf) => {
      if (!Array.isArray(leaf) || leaf.length !== 3) return leaf;
      const [f, op, v] = leaf as [string, string, Json];
      const def = this.rel(model, f);
      // a datetime read earlier stands for the same moment of this run (write_date polling)
      if (def?.type === 'datetime' && typeof v === 'string') return [f, op, this.ids.datetimeToMine(v)];
      if (!def?.relation || f.includes('.')) return leaf;
      const map = (x: Json) => (typeof x === 'number' ? this.ids.toMine(def.relation!, x) : x);
      return [f, op, Array.isArray(v) ? v.map(map) : map(v)];
    });
  }

  context(c: Json): Json {
    if (!isObj(c)) return c;
    const out: O = { ...c };
    const am = typeof c.active_model === 'string' ? c.active_model : null;
    const map = (m: string, x: Json) => (typeof x === 'number' ? this.ids.toMine(m, x) : x);
    if (am && c.active_id !== undefined) out.active_id = map(am, c.active_id);
    if (am && Array.isArray(c.active_ids)) out.active_ids = c.active_ids.map((x) => map(am, x));
    if (Array.isArray(c.button_validate_picking_ids)) out.button_validate_picking_ids = c.button_validate_picking_ids.map((x) => map('stock.picking', x));
    if (Array.isArray(c.default_pick_ids)) out.default_pick_ids = this.commands('stock.picking', c.default_pick_ids);
    for (const k of ['default_partner_id', 'default_partner_shipping_id']) if (c[k] !== undefined) out[k] = map('res.partner', c[k]);
    // stock figures per place: product.product's `location` / `warehouse_id` context keys
    if (c.location !== undefined) out.location = map('stock.location', c.location);
    if (c.warehouse_id !== undefined) out.warehouse_id = map('stock.warehouse', c.warehouse_id);
    return out;
  }

  /** The JSON-2 body to send. */
  json2Body(model: string, body: O): O {
    const out: O = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'ids') out.ids = (v as number[]).map((i) => this.ids.toMine(model, i));
      else if (k === 'vals_list') out.vals_list = (v as Json[]).map((x) => this.vals(model, x));
      else if (k === 'vals') out.vals = this.vals(model, v);
      else if (k === 'domain') out.domain = this.domain(model, v);
      else if (k === 'context') out.context = this.context(v);
      // `js_assign_outstanding_line(line_id)`: a journal item read from the outstanding-credits widget
      else if (k === 'line_id' && typeof v === 'number') out.line_id = this.ids.toMine('account.move.line', v);
      else out[k] = v;
    }
    return out;
  }

  /** The JSON-RPC body to send. */
  jsonRpcBody(req: O): O {
    const params = req.params as O;
    const args = [...(params.args as Json[])].map((a) => (a === 'odoo19' ? this.subst.db : a === '<API key>' ? this.subst.key : a));
    if (params.service === 'object' && params.method === 'execute_kw') {
      const model = args[3] as string;
      const method = args[4] as string;
      const pos = [...((args[5] as Json[]) ?? [])];
      if (method === 'create') pos[0] = Array.isArray(pos[0]) ? pos[0].map((v) => this.vals(model, v)) : this.vals(model, pos[0]!);
      else if (method === 'search' || method === 'search_read' || method === 'search_count') { if (pos[0] !== undefined) pos[0] = this.domain(model, pos[0]); }
      else if (pos[0] !== undefined) pos[0] = Array.isArray(pos[0]) ? pos[0].map((i) => this.ids.toMine(model, i as number)) : this.ids.toMine(model, pos[0] as number);
      if (method === 'write' && pos[1] !== undefined) pos[1] = this.vals(model, pos[1]);
      args[5] = pos;
      const kw = { ...((args[6] as O) ?? {}) };
      if (kw.domain !== undefined) kw.domain = this.domain(model, kw.domain);
      if (kw.context !== undefined) kw.context = this.context(kw.context);
      args[6] = kw;
    }
    return { ...req, params: { ...params, args } };
  }

  /** Compares a method's answer; returns the differences found (empty = same). */
  compareResult(model: string, method: string, exp: Json, act: Json, path: string): string[] {
    if (method === 'create' || method === 'search') {
      if (typeof exp === 'number') return this.one(this.ids.match(model, exp, act), path);
      return this.idList(model, exp, act, path);
    }
    if ((method === 'read' || method === 'search_read') && Array.isArray(exp)) {
      if (!Array.isArray(act) || act.length !== exp.length) return [`${path}: expected ${exp.length} records, got ${JSON.stringify(act)}`];
      return exp.flatMap((r, i) => this.record(model, r as O, act[i] as O, `${path}[${i}]`));
    }
    return this.generic(exp, act, path);
  }

  private one(err: string | null, path: string): string[] {
    return err ? [`${path}: ${err}`] : [];
  }

  private idList(model: string, exp: Json, act: Json, path: string): string[] {
    if (!Array.isArray(exp) || !Array.isArray(act) || exp.length !== act.length) return [`${path}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(act)}`];
    return exp.flatMap((e, i) => this.one(this.ids.match(model, e, act[i]), `${path}[${i}]`));
  }

  private record(model: string, exp: O, act: O, path: string): string[] {
    if (!isObj(act)) return [`${path}: expected a record, got ${JSON.stringify(act)}`];
    const errs: string[] = [];
    const keys = new Set([...Object.keys(exp), ...Object.keys(act)]);
    for (const k of keys) {
      const p = `${path}.${k}`;
      if (!(k in act)) { errs.push(`${p}: missing`); continue; }
      if (!(k in exp)) { errs.push(`${p}: unexpected`); continue; }
      const f = this.rel(model, k);
      const e = exp[k]!;
      const a = act[k]!;
      if (k === 'id') errs.push(...this.one(this.ids.match(model, e, a), p));
      else if (f?.relation && f.type === 'many2one' && Array.isArray(e)) {
        if (!Array.isArray(a) || a.length !== 2) { errs.push(`${p}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`); continue; }
        errs.push(...this.one(this.ids.match(f.relation, e[0], a[0]), `${p}[0]`));
        errs.push(...this.generic(e[1]!, a[1]!, `${p}[1]`));
      } else if (f?.relation && f.type !== 'many2one') errs.push(...this.idList(f.relation, e, a, p));
      else if (k.endsWith('_widget')) errs.push(...this.widget(e, a, p));
      else errs.push(...this.generic(e, a, p));
    }
    return errs;
  }

  /**
   * An invoice's payment widgets (JSON fields): their entries name records by id under fixed keys, compared as ids
   * of those models; everything else as `generic`.
   */
  private widget(exp: Json, act: Json, path: string): string[] {
    if (!isObj(exp) || !isObj(act) || !Array.isArray(exp.content) || !Array.isArray(act.content)) return this.generic(exp, act, path);
    const { content: ec, ...eTop } = exp;
    const { content: ac, ...aTop } = act;
    const errs = this.widgetEntry(eTop, aTop, path);
    if (ec.length !== ac.length) return [...errs, `${path}.content: expected ${JSON.stringify(ec)}, got ${JSON.stringify(ac)}`];
    ec.forEach((e, i) => errs.push(...this.widgetEntry(e, ac[i]!, `${path}.content[${i}]`)));
    return errs;
  }

  private widgetEntry(exp: Json, act: Json, path: string): string[] {
    if (!isObj(exp) || !isObj(act)) return this.generic(exp, act, path);
    const plain = (o: O) => Object.fromEntries(Object.entries(o).filter(([k]) => !(k in WIDGET_IDS)));
    const errs = this.generic(plain(exp), plain(act), path);
    for (const [k, model] of Object.entries(WIDGET_IDS)) {
      if (k in exp || k in act) errs.push(...this.one(this.ids.match(model, exp[k] ?? null, act[k] ?? null), `${path}.${k}`));
    }
    return errs;
  }

  /** Deep comparison for actions, error bodies and scalars (`res_id` learnt against `res_model`). */
  generic(exp: Json, act: Json, path: string): string[] {
    if (typeof exp === 'string' && typeof act === 'string') return this.one(this.ids.matchString(exp, act), path);
    if (Array.isArray(exp)) {
      if (!Array.isArray(act) || act.length !== exp.length) return [`${path}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(act)}`];
      return exp.flatMap((e, i) => this.generic(e, act[i]!, `${path}[${i}]`));
    }
    if (isObj(exp)) {
      if (!isObj(act)) return [`${path}: expected an object, got ${JSON.stringify(act)}`];
      const errs: string[] = [];
      const keys = new Set([...Object.keys(exp), ...Object.keys(act)]);
      for (const k of keys) {
        const p = `${path}.${k}`;
        if (k === 'debug') continue;
        if (!(k in act)) errs.push(`${p}: missing`);
        else if (!(k in exp)) errs.push(`${p}: unexpected`);
        else if (k === 'res_id' && typeof exp.res_model === 'string') errs.push(...this.one(this.ids.match(exp.res_model, exp[k], act[k]), p));
        else if (k === 'context' && isObj(exp[k])) errs.push(...this.generic(this.context(exp[k]), act[k]!, p));
        else errs.push(...this.generic(exp[k]!, act[k]!, p));
      }
      return errs;
    }
    return exp === act ? [] : [`${path}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(act)}`];
  }
}
