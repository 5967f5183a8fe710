/**
 * The website authorisation workflow's one-time `state` values ("Connect with Amazon", app/amazon-authorization):
 * a hash of each, its public reference, the backend, principal and session (hashed) it is bound to, its expiry,
 * the code Amazon's redirect brought (sealed, wiped once used) and its single use. Mirrors Migration20261206050000
 * and Migration20261207040000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const AmazonAuthorizationState = defineEntity({
  name: 'AmazonAuthorizationState',
  properties: {
    stateHash: p.text().primary(),
    stateRef: p.text().unique('amazon_authorization_state_state_ref_unique'),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    principal: p.text(),
    sessionBinding: p.text(),
    redirectUri: p.text(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    expiresAt: p.datetime().columnType('timestamptz'),
    receivedAt: p.datetime().columnType('timestamptz').nullable(),
    codeKeyId: p.text().nullable(),
    codeSealed: p.blob().nullable(),
    usedAt: p.datetime().columnType('timestamptz').nullable(),
    sellingPartnerId: p.text().nullable(),
    outcome: p.text().nullable(),
  },
  indexes: [{ name: 'amazon_authorization_state_expires_index', properties: ['expiresAt'] }],
});
