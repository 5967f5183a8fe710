/**
 * The ERP change feed as flows use it (through the frame, so a flow never imports core's folder layout):
 * `noteOwnWrites(db, backendId, model, [{ id, writeDate }])` after the flow writes a model it (or another flow)
 * subscribes to, so the feed does not hand that write back as a change; `ChangedRecords`, the payload schema of a
 * subscribing task (`{ backendId, ids }`); `changeFeedFlow` for sync/flows.ts; `webhookLive(core, backendId)` for a
 * flow that polls faster on its own while the ERP's webhook is not live, with Odoo's datetime helpers.
 */
export { noteOwnWrites, odooSecond, toOdooDatetime, type OwnWrite } from '../../../core/change-feed/index.ts';
export { changeFeedFlow } from './change-feed.flow.ts';
export { ChangedRecords } from './subscriptions.ts';
export { webhookLive } from './webhook-live.ts';
