/**
 * The website authorisation workflow's one-time `state` values ("Connect with Amazon", app/amazon-authorization):
 * a hash of each, the backend and principal it is bound to, its expiry and its single use. Mirrors
 * Migration20261206050000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const AmazonAuthorizationState = defineEntity({
  name: 'AmazonAuthorizationState',
  properties: {
    stateHash: p.text().primary(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    principal: p.text(),
    redirectUri: p.text(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    expiresAt: p.datetime().columnType('timestamptz'),
    usedAt: p.datetime().columnType('timestamptz').nullable(),
    sellingPartnerId: p.text().nullable(),
    outcome: p.text().nullable(),
  },
  indexes: [{ name: 'amazon_authorization_state_expires_index', properties: ['expiresAt'] }],
});
