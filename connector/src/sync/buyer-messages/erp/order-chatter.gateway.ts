/**
 * The buyer-messages flow's one ERP call: a note on the sales order's chatter (`sale.order` `message_post`, one
 * record, `message_type` comment, subtype `mail.mt_note`: an internal note, never mailed to the customer). The body
 * is plain text: Odoo escapes a str body given over RPC, so the seller's text shows as written. Odoo 17-19 answer
 * the new `mail.message` id.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';

export function orderChatterGateway(erp: ErpPort) {
  return {
    async postNote(saleOrderId: number, body: string): Promise<number | null> {
      const answer = await erp.call('sale.order', 'message_post', [saleOrderId], { kwargs: { body, message_type: 'comment', subtype_xmlid: 'mail.mt_note' } });
      if (typeof answer === 'number') return answer;
      if (Array.isArray(answer) && typeof answer[0] === 'number') return answer[0];
      return null;
    },
  };
}
