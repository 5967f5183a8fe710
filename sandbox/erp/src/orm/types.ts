/** The shapes of the emulated ORM: model and field definitions, the per-call environment, method signatures. */
import type { PoolClient } from 'pg';

export type FieldType =
  | 'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean' | 'selection'
  | 'date' | 'datetime' | 'many2one' | 'one2many' | 'many2many' | 'binary' | 'json';

/** Values a caller may pass or read: JSON-compatible. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Vals = Record<string, Json>;

export interface FieldDef {
  type: FieldType;
  /** Odoo's label: error messages quote it ("Missing required value for the field 'Customer'"). */
  string: string;
  relation?: string;
  /** one2many: the many2one field of `relation` pointing back here. */
  inverse?: string;
  /**
   * one2many: the children it shows, as an SQL condition over the child's alias (Odoo's field `domain`):
   * an invoice's `invoice_line_ids` leaves out its receivable and tax journal items.
   */
  childWhere?: (alias: string) => string;
  required?: boolean;
  readonly?: boolean;
  selection?: Array<[string, string]>;
  /** The database column when it differs from the API name (Odoo 18 names over the same table). */
  column?: string;
  /** Not stored: `compute` gives the values (batched over ids). */
  compute?: (env: Env, ids: number[]) => Promise<Map<number, Json>>;
  default?: Json | ((env: Env) => Json | Promise<Json>);
  /** many2one deletion rule (SQL). */
  ondelete?: 'cascade' | 'set null' | 'restrict';
  index?: boolean;
  /**
   * A computed field Odoo stores or can search (`store=True`, or a `search` method): its value as one SQL expression
   * over the record's table alias (and the call's context), so domains can filter on it in the same query.
   */
  sql?: (alias: string, context: Record<string, Json>) => string;
  /** Odoo stores this computed field: `fields_get` says `store: true` and `order` may sort by it. */
  store?: boolean;
  /** Float precision: Odoo's decimal.precision name (e.g. 'Product Price'); values are rounded to it on write. */
  digits?: string;
  /** A computed field Odoo lets you write (its `inverse`): the stored field a written value goes to. */
  inverseWrite?: string;
  /** Monetary fields: the many2one to the currency whose rounding the amount follows. */
  currencyField?: string;
}

export interface ModelDef {
  name: string;
  description: string;
  table: string;
  fields: Record<string, FieldDef>;
  /** SQL expression giving the record's display name, over the table alias given. */
  displayName: (alias: string) => string;
  order: string;
  /** The many2one giving the hierarchy `child_of` / `parent_of` walk (Odoo's `_parent_name`, default parent_id). */
  parentName?: string;
  /** Public methods beyond the generic ones; each gets the ids and the named arguments. */
  methods: Record<string, MethodImpl>;
  /** Called once per create call with every new id (batched business defaults and computes). */
  afterCreate?: (env: Env, ids: number[], valsList: Vals[]) => Promise<void>;
  /** Fills business defaults before the insert (may read the database, batched). */
  prepareCreate?: (env: Env, valsList: Vals[]) => Promise<void>;
  /** Checks a write before anything is changed (the records exist). */
  beforeWrite?: (env: Env, ids: number[], vals: Vals) => Promise<void>;
  afterWrite?: (env: Env, ids: number[], vals: Vals) => Promise<void>;
  beforeUnlink?: (env: Env, ids: number[]) => Promise<void>;
  /**
   * A condition Odoo's `_search` adds by itself (SQL over the table alias), given whether the caller's domain names
   * a field: `ir.attachment` hides the attachments of binary fields unless the domain names `res_field` or `id`.
   */
  implicitWhere?: (alias: string, mentions: (field: string) => boolean) => string | null;
}

export type MethodImpl = (env: Env, ids: number[], kwargs: Record<string, Json>) => Promise<Json | undefined>;

export interface Registry {
  version: 18 | 19;
  /** Optional Odoo modules installed (e.g. `base_vat`). */
  modules: ReadonlySet<string>;
  models: Map<string, ModelDef>;
  /** The registry of the same version with these modules installed (a module installed at runtime). */
  extend?: (modules: ReadonlySet<string>) => Registry;
}

/** One call's world: its transaction, the registry, the caller's context, and "now" fixed for the call. */
export interface Env {
  tx: PoolClient;
  registry: Registry;
  context: Record<string, Json>;
  uid: number;
  now: Date;
  /** The current company (first of the context's `allowed_company_ids`, else the user's) and the active ones. */
  companyId: number;
  companyIds: number[];
  /** Work to do once the call's transaction has committed (Odoo's `cr.postcommit`), in order. */
  postcommit?: Array<() => void | Promise<void>>;
}
