import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The returns flow's `return` binding becomes many-to-one (issue 14): one return picking carries every SKU of an RMA
 * returned from one delivery, so several (order, RMA, SKU) keys point at one stock.picking. The ERP-side uniqueness
 * of documents no longer lists `return`.
 */
export class Migration20261214050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "binding_erp_side_document_unique";`);
    this.addSql(`create unique index "binding_erp_side_document_unique" on "binding" ("backend_id", "kind", "erp_model", "erp_id") where kind in ('order', 'shipment', 'refund', 'settlement_line');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "binding_erp_side_document_unique";`);
    this.addSql(`create unique index "binding_erp_side_document_unique" on "binding" ("backend_id", "kind", "erp_model", "erp_id") where kind in ('order', 'shipment', 'refund', 'return', 'settlement_line');`);
  }

}
