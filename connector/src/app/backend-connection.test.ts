import { describe, expect, it } from 'vitest';
import { connectionPatchOf, secretsViewOf } from './backend-connection.ts';

const stored = { amazon: { lwaClientId: 'id', lwaClientSecret: 'cs', refreshToken: '' }, erp: { apiKey: 'k', login: null, password: null } };
const before = { erpUrl: 'http://erp.test', erpDb: 'prod' };

describe('a connection change', () => {
  it('keeps every stored secret not given, and forgets the ERP version only when the ERP moves', () => {
    expect(connectionPatchOf({ amazon: { sellerId: 'S2' }, erp: { url: 'http://erp.test/', database: 'prod' } }, before, stored)).toEqual({ sellerId: 'S2', erpUrl: 'http://erp.test/', erpDb: 'prod' });
    expect(connectionPatchOf({ erp: { database: 'other', login: 'sync', password: 'pw', apiKey: null } }, before, stored)).toEqual({
      erpDb: 'other',
      erpVersion: null,
      credentials: { amazon: stored.amazon, erp: { apiKey: null, login: 'sync', password: 'pw' } },
    });
    expect(connectionPatchOf({ amazon: { refreshToken: 'Atzr|n' } }, before, null).credentials?.amazon).toEqual({ lwaClientId: '', lwaClientSecret: '', refreshToken: 'Atzr|n' });
  });

  it('says whether each secret is set, never its value', () => {
    const v = secretsViewOf(stored);
    expect(v).toEqual({ amazonClientSecret: 'set', amazonRefreshToken: 'not_set', erpApiKey: 'set', erpPassword: 'not_set', erpLogin: null });
    expect(JSON.stringify(v)).not.toContain('cs');
    expect(secretsViewOf(null).erpApiKey).toBe('not_set');
  });
});
