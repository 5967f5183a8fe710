import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * `shipment_package_ref_seq`: the package references the shipments flow gives Amazon's confirmShipment (positive
 * numbers only). One sequence for every backend: each backend's references are then distinct, increasing and
 * never reused (a gap, from a package that failed before it was bound, is harmless). Written by hand: the ORM
 * manages no standalone sequence, so the schema diff against the entities is unchanged.
 */

export class Migration20261204020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "shipment_package_ref_seq" as bigint minvalue 1 start with 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop sequence if exists "shipment_package_ref_seq";`);
  }

}
