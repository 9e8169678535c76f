// A migration of @agx-ext/workout-tracker; the host applies it once per database, in file-name order.
import { Migration } from "@agx-ext/db";

export class Migration20261202020151_initial extends Migration {
  async up() {
    // A database made by the schema sync of earlier versions already has these tables: the host then
    // records this migration without running it (baseline).
    if (this.dialect === "postgresql") {
      this.addSql(`create table "workout_tracker_daily_completions" ("id" serial primary key, "user_id" varchar(255) not null, "exercise_name" varchar(255) not null, "completion_date" date not null, "completed_reps" int not null, "completed_sets" int not null default 1, "completed_weight" double precision not null default 0, "completed_duration" int not null default 0, "notes" text not null default '', "completed_at" timestamptz not null)`);
      this.addSql(`create index "workout_tracker_daily_completions_user_id_index" on "workout_tracker_daily_completions" ("user_id")`);
      this.addSql(`alter table "workout_tracker_daily_completions" add constraint "workout_tracker_daily_completions_user_id_exercis_9fb8c_unique" unique ("user_id", "exercise_name", "completion_date")`);
      this.addSql(`create table "workout_tracker_daily_goals" ("id" serial primary key, "user_id" varchar(255) not null, "exercise_name" varchar(255) not null, "target_reps" int not null, "target_sets" int not null default 1, "target_weight" double precision not null default 0, "target_duration" int not null default 0, "muscle_group" varchar(100) not null default '', "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
      this.addSql(`create index "workout_tracker_daily_goals_user_id_index" on "workout_tracker_daily_goals" ("user_id")`);
      this.addSql(`alter table "workout_tracker_daily_goals" add constraint "workout_tracker_daily_goals_user_id_exercise_name_unique" unique ("user_id", "exercise_name")`);
    } else {
      this.addSql(`create table \`workout_tracker_daily_completions\` (\`id\` integer not null primary key autoincrement, \`user_id\` text not null, \`exercise_name\` text not null, \`completion_date\` date not null, \`completed_reps\` integer not null, \`completed_sets\` integer not null default 1, \`completed_weight\` double not null default 0, \`completed_duration\` integer not null default 0, \`notes\` text not null default '', \`completed_at\` datetime not null)`);
      this.addSql(`create index \`workout_tracker_daily_completions_user_id_index\` on \`workout_tracker_daily_completions\` (\`user_id\`)`);
      this.addSql(`create unique index \`workout_tracker_daily_completions_user_id_exercise_name_completion_date_unique\` on \`workout_tracker_daily_completions\` (\`user_id\`, \`exercise_name\`, \`completion_date\`)`);
      this.addSql(`create table \`workout_tracker_daily_goals\` (\`id\` integer not null primary key autoincrement, \`user_id\` text not null, \`exercise_name\` text not null, \`target_reps\` integer not null, \`target_sets\` integer not null default 1, \`target_weight\` double not null default 0, \`target_duration\` integer not null default 0, \`muscle_group\` text not null default '', \`active\` integer not null default true, \`created_at\` datetime not null, \`updated_at\` datetime not null)`);
      this.addSql(`create index \`workout_tracker_daily_goals_user_id_index\` on \`workout_tracker_daily_goals\` (\`user_id\`)`);
      this.addSql(`create unique index \`workout_tracker_daily_goals_user_id_exercise_name_unique\` on \`workout_tracker_daily_goals\` (\`user_id\`, \`exercise_name\`)`);
    }
  }
}
