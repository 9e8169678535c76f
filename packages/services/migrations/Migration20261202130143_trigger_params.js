// A migration of @agx-ext/host; the host applies it once per database, in file-name order.
import { Migration } from "@agx-ext/db";

/** The params key of `{}` (events/params.ts): rows made before trigger params are the polls and events without any. */
const NO_PARAMS = "44136fa355b3678a1146ad16f7e8649e";

/**
 * Trigger params: subscriptions keep their parsed input and its key; a poll is per (user, trigger, params key), so
 * the key joins agx_trigger_polls' primary key; events carry the key of the poll that found them; a webhook's wake
 * marks a poll with woken_at.
 */
export class Migration20261202130143_trigger_params extends Migration {
  async up() {
    if (this.dialect === "postgresql") {
      this.addSql(`alter table "agx_subscriptions" add column "input" text null, add column "params_key" varchar(64) not null default '${NO_PARAMS}'`);
      this.addSql(`alter table "agx_events" add column "params_key" varchar(64) not null default '${NO_PARAMS}'`);
      this.addSql(
        `alter table "agx_trigger_polls" add column "params_key" varchar(64) not null default '${NO_PARAMS}', add column "params" text not null default '{}', add column "woken_at" timestamptz null`,
      );
      this.addSql(`alter table "agx_trigger_polls" drop constraint "agx_trigger_polls_pkey"`);
      this.addSql(`alter table "agx_trigger_polls" add constraint "agx_trigger_polls_pkey" primary key ("user_id", "trigger", "params_key")`);
    } else {
      this.addSql(`alter table \`agx_subscriptions\` add column \`input\` text null`);
      this.addSql(`alter table \`agx_subscriptions\` add column \`params_key\` text not null default '${NO_PARAMS}'`);
      this.addSql(`alter table \`agx_events\` add column \`params_key\` text not null default '${NO_PARAMS}'`);
      // SQLite cannot change a primary key in place: the table is made again with the key, and its rows copied.
      this.addSql(
        `create table \`agx_trigger_polls_next\` (\`user_id\` text not null, \`trigger\` text not null, \`params_key\` text not null default '${NO_PARAMS}', \`params\` text not null default '{}', \`cursor\` text null, \`next_poll_at\` datetime not null, \`lease_until\` datetime null, \`last_polled_at\` datetime null, \`last_error\` text null, \`failures\` integer not null default 0, \`woken_at\` datetime null, primary key (\`user_id\`, \`trigger\`, \`params_key\`))`,
      );
      this.addSql(
        `insert into \`agx_trigger_polls_next\` (\`user_id\`, \`trigger\`, \`cursor\`, \`next_poll_at\`, \`lease_until\`, \`last_polled_at\`, \`last_error\`, \`failures\`) select \`user_id\`, \`trigger\`, \`cursor\`, \`next_poll_at\`, \`lease_until\`, \`last_polled_at\`, \`last_error\`, \`failures\` from \`agx_trigger_polls\``,
      );
      this.addSql(`drop table \`agx_trigger_polls\``);
      this.addSql(`alter table \`agx_trigger_polls_next\` rename to \`agx_trigger_polls\``);
      this.addSql(`create index \`agx_trigger_polls_next_poll_at_index\` on \`agx_trigger_polls\` (\`next_poll_at\`)`);
    }
  }
}
