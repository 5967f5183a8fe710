import { describe, expect, it } from 'vitest';
import { activityNote, activitySummary } from './activity-text.ts';
import { careMarker } from './care.payloads.ts';
import { careRule } from './care.settings.ts';

describe('care activity text and rules', () => {
  it('ends every summary with the marker the ERP look-up searches for', () => {
    const s = activitySummary('028-1234567-1234567', 'chargeback');
    expect(s).toBe('Chargeback on Amazon order 028-1234567-1234567 [amazon-care 028-1234567-1234567 chargeback]');
    expect(s.endsWith(careMarker('028-1234567-1234567', 'chargeback'))).toBe(true);
  });

  it("writes the source's facts as escaped HTML paragraphs", () => {
    expect(activityNote('cancel_request', { requestReason: 'Ordered <twice> & sorry' })).toBe(
      "<p>Buyer's reason: Ordered &lt;twice&gt; &amp; sorry</p><p>Answer it in the connector (cancel in the ERP, or keep and ship).</p>");
    expect(activityNote('return_request', { rmaIds: ['D1', 'D2'], returnReasons: ['DEFECTIVE'] })).toBe('<p>RMA: D1, D2</p><p>Return reason: DEFECTIVE</p>');
    expect(activityNote('ship_late', { latestShipDate: '2026-12-03T18:00:00.000Z', late: true })).toBe('<p>Latest ship date: 2026-12-03T18:00:00.000Z (already late)</p>');
  });

  it('takes the assignee and due hours of each reason from its own settings', () => {
    const s = { sweepMinutes: 10, activityType: 'mail.mail_activity_data_todo', sinceDays: 14, cancelRequestUser: 'desk', cancelRequestDueHours: 12,
      returnRequestUser: '', returnRequestDueHours: 48, claimUser: '7', claimDueHours: 24, chargebackUser: '8', chargebackDueHours: 72, shipLateUser: 'wh', shipLateDueHours: 2 };
    expect(careRule(s, 'cancel_request')).toEqual({ user: 'desk', dueHours: 12 });
    expect(careRule(s, 'return_request')).toEqual({ user: '', dueHours: 48 });
    expect(careRule(s, 'a_to_z_claim')).toEqual({ user: '7', dueHours: 24 });
    expect(careRule(s, 'chargeback')).toEqual({ user: '8', dueHours: 72 });
    expect(careRule(s, 'ship_late')).toEqual({ user: 'wh', dueHours: 2 });
  });
});
