/**
 * The admin panel's sign-in (core/panel-users): local accounts for standalone use, and the ERP embed tokens already
 * exchanged, kept until they expire so a replay is refused by every API process. Mirrors Migration20261206010000;
 * the failed sign-ins (the login throttle's counts, shared by the API processes) Migration20261207050000.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const PanelUser = defineEntity({
  name: 'PanelUser',
  properties: {
    id: p.integer().primary().autoincrement(),
    // Stored lower case: logins are case-insensitive.
    login: p.text().unique('panel_user_login_unique'),
    name: p.text(),
    role: p.enum(['integrator', 'accountant', 'viewer']),
    passwordHash: p.text(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

export const PanelTokenUse = defineEntity({
  name: 'PanelTokenUse',
  properties: {
    jti: p.text().primary(),
    expiresAt: p.datetime().columnType('timestamptz'),
  },
  indexes: [{ name: 'panel_token_use_expires_index', properties: ['expiresAt'] }],
});

export const PanelLoginFailure = defineEntity({
  name: 'PanelLoginFailure',
  properties: {
    key: p.text().primary(),
    failures: p.integer(),
    windowUntil: p.datetime().columnType('timestamptz'),
  },
  indexes: [{ name: 'panel_login_failure_window_until_index', properties: ['windowUntil'] }],
});
