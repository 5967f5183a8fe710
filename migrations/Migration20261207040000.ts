import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * "Connect with Amazon" bound to the session that started it: each state gets a public reference the panel completes
 * it by (`state_ref`), the hash of the session it was issued to (`session_binding`), and the authorisation code
 * Amazon's redirect brought, sealed (`code_key_id`, `code_sealed`) until the panel completes, when it is wiped.
 * `received_at` marks the redirect (once); `used_at` now marks the completion. States of the old form (bound to no
 * session, 15 minutes at most) are dropped.
 */
export class Migration20261207040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`delete from "amazon_authorization_state";`);
    this.addSql(`alter table "amazon_authorization_state" add column "state_ref" text not null, add column "session_binding" text not null, add column "received_at" timestamptz null, add column "code_key_id" text null, add column "code_sealed" bytea null;`);
    this.addSql(`alter table "amazon_authorization_state" add constraint "amazon_authorization_state_state_ref_unique" unique ("state_ref");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "amazon_authorization_state" drop constraint "amazon_authorization_state_state_ref_unique";`);
    this.addSql(`alter table "amazon_authorization_state" drop column "state_ref", drop column "session_binding", drop column "received_at", drop column "code_key_id", drop column "code_sealed";`);
  }

}
