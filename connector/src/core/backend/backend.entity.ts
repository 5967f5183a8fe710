/**
 * One Amazon seller account (region, seller id, marketplaces) bound to one ERP endpoint, and the encrypted
 * secrets it references. Per-seller settings live here, never in the environment. Core owns the entities of its
 * own tables (db/entities lists them for the ORM and the migrator): core never imports db/.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const Backend = defineEntity({
  name: 'Backend',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Unique among the backends not deleted (a partial index): a deleted backend's name can be reused. */
    name: p.text(),
    amazonRegion: p.text(),
    sellerId: p.text(),
    marketplaceIds: p.array().columnType('text[]'),
    erpUrl: p.text(),
    erpDb: p.text(),
    /** '17' | '18' | '19' as configured, or null to detect from the ERP's /web/version. */
    erpVersion: p.text().nullable(),
    /** The ERP company (res.company id) of a multi-company Odoo that the backend works in; null: the user's default. */
    erpCompanyId: p.integer().nullable(),
    settings: p.json<Record<string, unknown>>().columnType('jsonb').defaultRaw(`'{}'::jsonb`),
    /** Ref of the `secret` row holding the Amazon and ERP credentials (never the credentials themselves). */
    credentialsRef: p.text().nullable(),
    /** Which secrets that row holds, set / not set (never a value): the backend list shows them without decrypting. */
    secretStates: p.json<Record<string, unknown>>().columnType('jsonb').nullable(),
    /** A disabled backend is not swept or imported (its pending jobs do nothing); it stays listed. */
    enabled: p.boolean().defaultRaw('true'),
    /** Soft delete: the row stays for the history that references it (orders, runs, conflicts, audit). */
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
    /** When its ERP set-up last went through; null: never yet (its flows' jobs wait: sync/frame/backend-setup.ts). */
    setUpAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  indexes: [
    {
      name: 'backend_name_live_unique',
      expression: 'create unique index "backend_name_live_unique" on "backend" ("name") where deleted_at is null',
    },
  ],
});
