import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The open merchant-fulfilled orders among the fetched documents (a partial index): the shipments flow's ship-by
 * risk list and its /metrics gauge read only these, however many shipped orders are kept.
 */

export class Migration20261204050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "fetched_document_open_mfn_index" on "fetched_document" ("backend_id") where kind = 'order' and (summary ->> 'fulfilledBy') = 'MERCHANT' and (summary ->> 'status') in ('UNSHIPPED', 'PARTIALLY_SHIPPED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "fetched_document_open_mfn_index";`);
  }

}
