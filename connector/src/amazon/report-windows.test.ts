import { describe, expect, it } from 'vitest';
import { splitReportWindows } from './report-windows.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-01T00:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe('splitReportWindows', () => {
  it('cuts the merchant returns report into windows of at most 60 days, seam to seam, the last one short', () => {
    const windows = splitReportWindows('GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE', ago(150), now, now);
    expect(windows).toEqual([
      { dataStartTime: ago(150).toISOString(), dataEndTime: ago(90).toISOString() },
      { dataStartTime: ago(90).toISOString(), dataEndTime: ago(30).toISOString() },
      { dataStartTime: ago(30).toISOString(), dataEndTime: now.toISOString() },
    ]);
    expect(splitReportWindows('GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE', ago(60), now, now)).toHaveLength(1);
  });

  it('asks the FBA reports for the whole range at once, but no further back than 548 days', () => {
    expect(splitReportWindows('GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', ago(400), now, now)).toEqual([{ dataStartTime: ago(400).toISOString(), dataEndTime: now.toISOString() }]);
    expect(splitReportWindows('GET_FBA_REIMBURSEMENTS_DATA', ago(548), now, now)).toHaveLength(1);
    expect(() => splitReportWindows('GET_FBA_REIMBURSEMENTS_DATA', ago(549), now, now)).toThrow(/548 days back/);
  });

  it('refuses an empty, reversed or future range before any call', () => {
    const type = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';
    expect(() => splitReportWindows(type, now, now, now)).toThrow(expect.objectContaining({ code: 'AMAZON_INVALID_REQUEST' }));
    expect(() => splitReportWindows(type, now, ago(1), now)).toThrow(/start before its end/);
    expect(() => splitReportWindows(type, ago(1), new Date(now.getTime() + 1000), now)).toThrow(/future/);
    expect(() => splitReportWindows(type, new Date('nope'), now, now)).toThrow(/start before/);
  });
});
