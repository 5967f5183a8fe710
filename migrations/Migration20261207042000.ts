import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * Which secrets a backend's sealed credentials hold (`secret_states`: set / not set per secret and the ERP login,
 * never a value), written with the credentials, so the backend list says it without decrypting a row per backend.
 * Null for backends stored before: the API reads their credentials once and fills it in.
 */
export class Migration20261207042000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backend" add column "secret_states" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backend" drop column "secret_states";`);
  }

}
