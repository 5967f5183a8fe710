import { describe, expect, it } from 'vitest';
import { formatSetupReport } from './setup.command.ts';
import { formatStatus, type BackendStatus } from './status.command.ts';

const status = (over: Partial<BackendStatus>): BackendStatus => ({
  id: 1,
  name: 'demo',
  state: 'active',
  cursor: '2026-03-01T10:15:30.123Z',
  lastSweep: { at: '2026-03-01T10:17:40.456Z', status: 'succeeded' },
  orders: { imported: 1234, waiting: 7, failed: 0 },
  flows: { orders: { imported: 1234, waiting: 5, queued: 2 } },
  openConflicts: {},
  health: { state: 'ok', code: null, message: null, since: null },
  ...over,
});

describe('status table', () => {
  it('shows one aligned row per backend, one column per flow with its records by state, conflicts totalled and spelt out by code', () => {
    const lines = formatStatus([
      status({ openConflicts: { SKU_UNMAPPED: 3, SETUP_INCOMPLETE: 1 } }),
      status({ id: 12, name: 'EU shop', state: 'disabled', cursor: null, lastSweep: null, orders: { imported: 0, waiting: 0, failed: 2 }, flows: { orders: { failed: 2 } } }),
    ]);
    expect(lines).toEqual([
      'ID  BACKEND  STATE     CURSOR                LAST SWEEP                      ORDERS                              OPEN CONFLICTS                         HEALTH',
      ' 1  demo     active    2026-03-01 10:15:30Z  2026-03-01 10:17:40Z succeeded  imported 1234, waiting 5, queued 2  4: SKU_UNMAPPED 3, SETUP_INCOMPLETE 1  ok',
      '12  EU shop  disabled  -                     never                           failed 2                            0                                      ok',
    ]);
  });

  it('gives each flow its own column, and 0 to a flow without records', () => {
    const lines = formatStatus([status({ flows: { orders: { imported: 3 }, shipments: {} } })]);
    expect(lines[0]).toMatch(/LAST SWEEP\s+ORDERS\s+SHIPMENTS\s+OPEN CONFLICTS/);
    // Cells are two or more spaces apart: ORDERS, SHIPMENTS, OPEN CONFLICTS, HEALTH.
    expect(lines[1]!.split(/ {2,}/).slice(-4)).toEqual(['imported 3', '0', '0', 'ok']);
  });

  it('shows a failing backend in its row and says why under the table', () => {
    const failing = { state: 'failing' as const, code: 'ERP_AUTH_FAILED', message: 'ERP_AUTH_FAILED (AccessDenied)', since: '2026-03-01T10:00:00.000Z' };
    const lines = formatStatus([status({ lastSweep: { at: '2026-03-01T10:17:40.456Z', status: 'failed' }, health: failing })]);
    expect(lines[1]).toMatch(/2026-03-01 10:17:40Z failed .* failing ERP_AUTH_FAILED since 2026-03-01 10:00:00Z$/);
    expect(lines.at(-1)).toBe('#1 demo: failing: ERP_AUTH_FAILED (AccessDenied)');
  });

  it('says what to do when there is no backend', () => {
    expect(formatStatus([])).toEqual(['no backends yet: start the connector with AMAZON_* and ODOO_* set, or add one through the API']);
  });
});

describe('set-up report', () => {
  it('lists what was created, found and changed, and each problem with its code', () => {
    const lines = formatSetupReport({
      ok: false,
      created: [{ what: 'service product shipping', erpModel: 'product.product', erpId: 41 }],
      found: [],
      changed: [{ what: 'currency EUR activated', erpModel: 'res.currency', erpId: 126 }],
      problems: [{ code: 'CURRENCY_INACTIVE', message: 'currency SEK is inactive in the ERP' }],
      retried: { count: 5, byCode: { TAX_UNMAPPED: 5 } },
    });
    expect(lines).toEqual([
      'created: 1',
      '  WHAT                      ERP MODEL        ERP ID',
      '  service product shipping  product.product      41',
      'found (already there): 0',
      'changed: 1',
      '  WHAT                    ERP MODEL     ERP ID',
      '  currency EUR activated  res.currency     126',
      'problems: 1',
      '  CURRENCY_INACTIVE: currency SEK is inactive in the ERP',
      'conflicts cured and queued for a retry: 5 (TAX_UNMAPPED 5)',
      'set-up incomplete: fix the problems above in the ERP, then run setup again',
    ]);
  });
});
