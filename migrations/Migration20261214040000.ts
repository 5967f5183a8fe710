import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `shipping_label` learns Merchant Fulfillment v0 (connector/src/db/entities/shipping-label.entity.ts): the transport
 * of the attempt, the createShipment request stored before it is sent, when it was sent, and the order's packages
 * seen just before (v0 has no idempotency key: after an unknown outcome the order is read back against them).
 */
export class Migration20261214040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "shipping_label" add column "transport" text not null default 'shippingV2', add column "mfn_request" jsonb null, add column "purchase_sent_at" timestamptz null, add column "packages_before" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shipping_label" drop column "transport", drop column "mfn_request", drop column "purchase_sent_at", drop column "packages_before";`);
  }

}
