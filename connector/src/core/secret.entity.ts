/** The `secret` table, owned by core's secret store (db/entities lists it for the ORM and the migrator). */
import { defineEntity, p } from '@mikro-orm/core';

/** An encrypted blob (AES-256-GCM): `key_id` names the key that sealed it, so keys can rotate. */
export const Secret = defineEntity({
  name: 'Secret',
  properties: {
    ref: p.text().primary(),
    keyId: p.text(),
    sealed: p.blob(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
