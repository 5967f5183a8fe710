import { Migration } from '../connector/src/db/migration-generator.ts';

/** The backend's ERP company (a multi-company Odoo): `backend.erp_company_id`, null for the ERP user's default one. */

export class Migration20261201170200 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backend" add column "erp_company_id" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backend" drop column "erp_company_id";`);
  }

}
