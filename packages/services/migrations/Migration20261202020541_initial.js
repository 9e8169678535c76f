// A migration of @agx-ext/host; the host applies it once per database, in file-name order.
import { Migration } from "@agx-ext/db";

export class Migration20261202020541_initial extends Migration {
  async up() {
    // A database made by the schema sync of earlier versions already has these tables: the host then
    // records this migration without running it (baseline).
    if (this.dialect === "postgresql") {
      this.addSql(`create table "agx_call_log" ("id" serial primary key, "user_id" varchar(128) not null, "command" varchar(300) not null, "started_at" timestamptz not null, "duration_ms" int not null, "outcome" varchar(32) not null)`);
      this.addSql(`create index "agx_call_log_user_id_started_at_index" on "agx_call_log" ("user_id", "started_at")`);
      this.addSql(`create index "agx_call_log_started_at_index" on "agx_call_log" ("started_at")`);
      this.addSql(`create table "agx_connect_links" ("id" varchar(64) not null, "user_id" varchar(128) not null, "provider" varchar(100) null, "scopes" text null, "redirect_url" text null, "created_by" varchar(128) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "flow_id" varchar(64) null, "created_at" timestamptz not null, constraint "agx_connect_links_pkey" primary key ("id"))`);
      this.addSql(`create index "agx_connect_links_flow_id_index" on "agx_connect_links" ("flow_id")`);
      this.addSql(`create table "agx_events" ("id" varchar(40) not null, "trigger" varchar(300) not null, "user_id" varchar(128) not null, "source_id" varchar(200) not null, "data" text not null, "created_at" timestamptz not null, constraint "agx_events_pkey" primary key ("id"))`);
      this.addSql(`create index "agx_events_user_id_trigger_created_at_index" on "agx_events" ("user_id", "trigger", "created_at")`);
      this.addSql(`create index "agx_events_created_at_index" on "agx_events" ("created_at")`);
      this.addSql(`create table "agx_event_deliveries" ("id" varchar(40) not null, "subscription_id" varchar(40) not null, "event_id" varchar(40) not null, "status" varchar(16) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "expires_at" timestamptz not null, "lease_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null, "delivered_at" timestamptz null, constraint "agx_event_deliveries_pkey" primary key ("id"))`);
      this.addSql(`create index "agx_event_deliveries_status_next_attempt_at_index" on "agx_event_deliveries" ("status", "next_attempt_at")`);
      this.addSql(`alter table "agx_event_deliveries" add constraint "agx_event_deliveries_subscription_id_event_id_unique" unique ("subscription_id", "event_id")`);
      this.addSql(`create table "agx_job_runs" ("id" serial primary key, "name" varchar(100) not null, "started_at" timestamptz not null, "finished_at" timestamptz not null, "outcome" varchar(20) not null, "summary" text not null)`);
      this.addSql(`create index "agx_job_runs_name_started_at_index" on "agx_job_runs" ("name", "started_at")`);
      this.addSql(`create table "agx_login_links" ("id" varchar(64) not null, "user_id" varchar(128) not null, "created_by" varchar(128) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "agx_login_links_pkey" primary key ("id"))`);
      this.addSql(`create index "agx_login_links_user_id_index" on "agx_login_links" ("user_id")`);
      this.addSql(`create index "agx_login_links_expires_at_index" on "agx_login_links" ("expires_at")`);
      this.addSql(`create table "agx_oauth_keys" ("id" varchar(32) not null, "sealed" text not null, "created_at" timestamptz not null, constraint "agx_oauth_keys_pkey" primary key ("id"))`);
      this.addSql(`create table "agx_oauth_records" ("model" varchar(48) not null, "id" varchar(255) not null, "payload" text not null, "grant_id" varchar(255) null, "account_id" varchar(128) null, "uid" varchar(255) null, "expires_at" timestamptz null, "consumed_at" timestamptz null, constraint "agx_oauth_records_pkey" primary key ("model", "id"))`);
      this.addSql(`create index "agx_oauth_records_grant_id_index" on "agx_oauth_records" ("grant_id")`);
      this.addSql(`create index "agx_oauth_records_account_id_index" on "agx_oauth_records" ("account_id")`);
      this.addSql(`create index "agx_oauth_records_uid_index" on "agx_oauth_records" ("uid")`);
      this.addSql(`create index "agx_oauth_records_expires_at_index" on "agx_oauth_records" ("expires_at")`);
      this.addSql(`create table "agx_sessions" ("id" varchar(64) not null, "user_id" varchar(128) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, constraint "agx_sessions_pkey" primary key ("id"))`);
      this.addSql(`create index "agx_sessions_user_id_index" on "agx_sessions" ("user_id")`);
      this.addSql(`create index "agx_sessions_last_seen_at_index" on "agx_sessions" ("last_seen_at")`);
      this.addSql(`create table "agx_subscriptions" ("id" varchar(40) not null, "user_id" varchar(128) not null, "trigger" varchar(300) not null, "url" text null, "mcp" boolean not null, "filter" text null, "created_at" timestamptz not null, constraint "agx_subscriptions_pkey" primary key ("id"))`);
      this.addSql(`create index "agx_subscriptions_trigger_user_id_index" on "agx_subscriptions" ("trigger", "user_id")`);
      this.addSql(`create table "agx_trigger_accounts" ("extension_id" varchar(64) not null, "account" varchar(200) not null, "user_id" varchar(128) not null, constraint "agx_trigger_accounts_pkey" primary key ("extension_id", "account"))`);
      this.addSql(`create table "agx_trigger_polls" ("user_id" varchar(128) not null, "trigger" varchar(300) not null, "cursor" text null, "next_poll_at" timestamptz not null, "lease_until" timestamptz null, "last_polled_at" timestamptz null, "last_error" text null, "failures" int not null default 0, constraint "agx_trigger_polls_pkey" primary key ("user_id", "trigger"))`);
      this.addSql(`create index "agx_trigger_polls_next_poll_at_index" on "agx_trigger_polls" ("next_poll_at")`);
      this.addSql(`create table "agx_users" ("id" varchar(128) not null, "key_id" varchar(32) not null, "key_hash" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "role" varchar(16) null, constraint "agx_users_pkey" primary key ("id"))`);
      this.addSql(`alter table "agx_users" add constraint "agx_users_key_id_unique" unique ("key_id")`);
      this.addSql(`create table "agx_user_extensions" ("user_id" varchar(128) not null, "extension_id" varchar(64) not null, "enabled" boolean not null, "updated_at" timestamptz not null, constraint "agx_user_extensions_pkey" primary key ("user_id", "extension_id"))`);
      this.addSql(`create table "agx_user_key_revision" ("id" int not null, "value" int not null, constraint "agx_user_key_revision_pkey" primary key ("id"))`);
    } else {
      this.addSql(`create table \`agx_call_log\` (\`id\` integer not null primary key autoincrement, \`user_id\` text not null, \`command\` text not null, \`started_at\` datetime not null, \`duration_ms\` integer not null, \`outcome\` text not null)`);
      this.addSql(`create index \`agx_call_log_user_id_started_at_index\` on \`agx_call_log\` (\`user_id\`, \`started_at\`)`);
      this.addSql(`create index \`agx_call_log_started_at_index\` on \`agx_call_log\` (\`started_at\`)`);
      this.addSql(`create table \`agx_connect_links\` (\`id\` text not null, \`user_id\` text not null, \`provider\` text null, \`scopes\` text null, \`redirect_url\` text null, \`created_by\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`flow_id\` text null, \`created_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create index \`agx_connect_links_flow_id_index\` on \`agx_connect_links\` (\`flow_id\`)`);
      this.addSql(`create table \`agx_events\` (\`id\` text not null, \`trigger\` text not null, \`user_id\` text not null, \`source_id\` text not null, \`data\` text not null, \`created_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create index \`agx_events_user_id_trigger_created_at_index\` on \`agx_events\` (\`user_id\`, \`trigger\`, \`created_at\`)`);
      this.addSql(`create index \`agx_events_created_at_index\` on \`agx_events\` (\`created_at\`)`);
      this.addSql(`create table \`agx_event_deliveries\` (\`id\` text not null, \`subscription_id\` text not null, \`event_id\` text not null, \`status\` text not null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`expires_at\` datetime not null, \`lease_until\` datetime null, \`last_error\` text null, \`created_at\` datetime not null, \`delivered_at\` datetime null, primary key (\`id\`))`);
      this.addSql(`create index \`agx_event_deliveries_status_next_attempt_at_index\` on \`agx_event_deliveries\` (\`status\`, \`next_attempt_at\`)`);
      this.addSql(`create unique index \`agx_event_deliveries_subscription_id_event_id_unique\` on \`agx_event_deliveries\` (\`subscription_id\`, \`event_id\`)`);
      this.addSql(`create table \`agx_job_runs\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`started_at\` datetime not null, \`finished_at\` datetime not null, \`outcome\` text not null, \`summary\` text not null)`);
      this.addSql(`create index \`agx_job_runs_name_started_at_index\` on \`agx_job_runs\` (\`name\`, \`started_at\`)`);
      this.addSql(`create table \`agx_login_links\` (\`id\` text not null, \`user_id\` text not null, \`created_by\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create index \`agx_login_links_user_id_index\` on \`agx_login_links\` (\`user_id\`)`);
      this.addSql(`create index \`agx_login_links_expires_at_index\` on \`agx_login_links\` (\`expires_at\`)`);
      this.addSql(`create table \`agx_oauth_keys\` (\`id\` text not null, \`sealed\` text not null, \`created_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create table \`agx_oauth_records\` (\`model\` text not null, \`id\` text not null, \`payload\` text not null, \`grant_id\` text null, \`account_id\` text null, \`uid\` text null, \`expires_at\` datetime null, \`consumed_at\` datetime null, primary key (\`model\`, \`id\`))`);
      this.addSql(`create index \`agx_oauth_records_grant_id_index\` on \`agx_oauth_records\` (\`grant_id\`)`);
      this.addSql(`create index \`agx_oauth_records_account_id_index\` on \`agx_oauth_records\` (\`account_id\`)`);
      this.addSql(`create index \`agx_oauth_records_uid_index\` on \`agx_oauth_records\` (\`uid\`)`);
      this.addSql(`create index \`agx_oauth_records_expires_at_index\` on \`agx_oauth_records\` (\`expires_at\`)`);
      this.addSql(`create table \`agx_sessions\` (\`id\` text not null, \`user_id\` text not null, \`created_at\` datetime not null, \`last_seen_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create index \`agx_sessions_user_id_index\` on \`agx_sessions\` (\`user_id\`)`);
      this.addSql(`create index \`agx_sessions_last_seen_at_index\` on \`agx_sessions\` (\`last_seen_at\`)`);
      this.addSql(`create table \`agx_subscriptions\` (\`id\` text not null, \`user_id\` text not null, \`trigger\` text not null, \`url\` text null, \`mcp\` integer not null, \`filter\` text null, \`created_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create index \`agx_subscriptions_trigger_user_id_index\` on \`agx_subscriptions\` (\`trigger\`, \`user_id\`)`);
      this.addSql(`create table \`agx_trigger_accounts\` (\`extension_id\` text not null, \`account\` text not null, \`user_id\` text not null, primary key (\`extension_id\`, \`account\`))`);
      this.addSql(`create table \`agx_trigger_polls\` (\`user_id\` text not null, \`trigger\` text not null, \`cursor\` text null, \`next_poll_at\` datetime not null, \`lease_until\` datetime null, \`last_polled_at\` datetime null, \`last_error\` text null, \`failures\` integer not null default 0, primary key (\`user_id\`, \`trigger\`))`);
      this.addSql(`create index \`agx_trigger_polls_next_poll_at_index\` on \`agx_trigger_polls\` (\`next_poll_at\`)`);
      this.addSql(`create table \`agx_users\` (\`id\` text not null, \`key_id\` text not null, \`key_hash\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`role\` text null, primary key (\`id\`))`);
      this.addSql(`create unique index \`agx_users_key_id_unique\` on \`agx_users\` (\`key_id\`)`);
      this.addSql(`create table \`agx_user_extensions\` (\`user_id\` text not null, \`extension_id\` text not null, \`enabled\` integer not null, \`updated_at\` datetime not null, primary key (\`user_id\`, \`extension_id\`))`);
      this.addSql(`create table \`agx_user_key_revision\` (\`id\` integer not null, \`value\` integer not null, primary key (\`id\`))`);
    }
  }
}
