// A migration of @agx-ext/auth; the host applies it once per database, in file-name order.
import { Migration } from "@agx-ext/db";

export class Migration20261202020549_initial extends Migration {
  async up() {
    // A database made by the schema sync of earlier versions already has these tables: the host then
    // records this migration without running it (baseline).
    if (this.dialect === "postgresql") {
      this.addSql(`create table "agx_auth_connections" ("id" serial primary key, "user_id" varchar(255) not null, "provider" varchar(100) not null, "label" varchar(255) not null default 'default', "is_default" boolean not null default true, "kind" varchar(20) not null, "status" varchar(20) not null, "scopes" text not null, "expires_at" timestamptz null, "account" varchar(255) null, "broken_reason" varchar(500) null, "status_changed_at" timestamptz null, "refreshed_at" timestamptz null, "last_error" text null, "failures" int null, "retry_at" timestamptz null, "sealed" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
      this.addSql(`alter table "agx_auth_connections" add constraint "agx_auth_connections_user_id_provider_label_unique" unique ("user_id", "provider", "label")`);
      this.addSql(`create table "agx_auth_meta" ("name" varchar(100) not null, "value" text not null, constraint "agx_auth_meta_pkey" primary key ("name"))`);
      this.addSql(`create table "agx_auth_refresh_leases" ("id" varchar(64) not null, "holder" varchar(64) not null, "expires_at" timestamptz not null, constraint "agx_auth_refresh_leases_pkey" primary key ("id"))`);
      this.addSql(`create table "agx_auth_secrets" ("id" serial primary key, "user_id" varchar(255) not null, "provider" varchar(100) not null, "name" varchar(200) not null, "sealed" text not null, "updated_at" timestamptz not null)`);
      this.addSql(`alter table "agx_auth_secrets" add constraint "agx_auth_secrets_user_id_provider_name_unique" unique ("user_id", "provider", "name")`);
      this.addSql(`create table "agx_auth_states" ("id" varchar(64) not null, "user_id" varchar(255) not null, "provider" varchar(100) not null, "sealed" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "agx_auth_states_pkey" primary key ("id"))`);
    } else {
      this.addSql(`create table \`agx_auth_connections\` (\`id\` integer not null primary key autoincrement, \`user_id\` text not null, \`provider\` text not null, \`label\` text not null default 'default', \`is_default\` integer not null default true, \`kind\` text not null, \`status\` text not null, \`scopes\` text not null, \`expires_at\` datetime null, \`account\` text null, \`broken_reason\` text null, \`status_changed_at\` datetime null, \`refreshed_at\` datetime null, \`last_error\` text null, \`failures\` integer null, \`retry_at\` datetime null, \`sealed\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null)`);
      this.addSql(`create unique index \`agx_auth_connections_user_id_provider_label_unique\` on \`agx_auth_connections\` (\`user_id\`, \`provider\`, \`label\`)`);
      this.addSql(`create table \`agx_auth_meta\` (\`name\` text not null, \`value\` text not null, primary key (\`name\`))`);
      this.addSql(`create table \`agx_auth_refresh_leases\` (\`id\` text not null, \`holder\` text not null, \`expires_at\` datetime not null, primary key (\`id\`))`);
      this.addSql(`create table \`agx_auth_secrets\` (\`id\` integer not null primary key autoincrement, \`user_id\` text not null, \`provider\` text not null, \`name\` text not null, \`sealed\` text not null, \`updated_at\` datetime not null)`);
      this.addSql(`create unique index \`agx_auth_secrets_user_id_provider_name_unique\` on \`agx_auth_secrets\` (\`user_id\`, \`provider\`, \`name\`)`);
      this.addSql(`create table \`agx_auth_states\` (\`id\` text not null, \`user_id\` text not null, \`provider\` text not null, \`sealed\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_at\` datetime not null, primary key (\`id\`))`);
    }
  }
}
