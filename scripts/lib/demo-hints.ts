/** The curl lines the demo prints once the connector is up: where things are and the go-live controls. */
import { log, realMode } from './demo-context.ts';

export function showHints(): void {
  log(`  connector API   http://127.0.0.1:3000   (docs: /docs, metrics: /metrics; admin token in .data/admin-token)`);
  if (!realMode) {
    log('  Amazon sandbox  http://127.0.0.1:4010   (admin: /_sandbox/calls, /_sandbox/orders/<id>)');
    log('  ERP sandbox     http://127.0.0.1:8069   (Odoo 19, database demo, admin/admin, API key in .data/erp-api-key)');
    log('  panel in the ERP http://localhost:8069/odoo/amazon   (login integrator/integrator, accountant/accountant or viewer/viewer)');
  }
  log(`  try: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends`);
  // The go-live controls: a dry run maps and looks up new orders, writes nothing, and says what it would write.
  log(`  dry run: curl -X PATCH -H "Authorization: Bearer $(cat .data/admin-token)" -H 'content-type: application/json' \\`);
  log(`             -d '{"settings":{"goLive":{"orders":{"dryRun":true}}}}' http://127.0.0.1:3000/api/backends/1`);
  // Conflicts in bulk: what a retry of every unknown-SKU conflict would touch, without touching it.
  log(`  conflicts: curl -X POST -H "Authorization: Bearer $(cat .data/admin-token)" -H 'content-type: application/json' \\`);
  log(`             -d '{"action":"retry","backendId":1,"codes":["SKU_UNMAPPED"],"dryRun":true}' http://127.0.0.1:3000/api/conflicts/resolve`);
}
