import { type Kysely, sql } from "kysely";

// Frozen. Provisioning a cohort on Discord: each run's progress (step n of m, failures with their
// reasons), and every Discord thing the reconciler means to make or has made, keyed by what it is
// for ("role:<group id>", "category:1", ...). A row is written *before* the create request (intent,
// with the name it will carry) and gets its Discord id as soon as it exists, so a run killed between
// the two can find the thing by name and adopt it instead of making a second one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table provisioning_runs (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      kind text not null default 'provision' check (kind in ('provision', 'archive')),
      state text not null default 'queued'
        check (state in ('queued', 'running', 'finished', 'failed', 'refused')),
      steps_done integer not null default 0 check (steps_done >= 0),
      steps_total integer not null default 0 check (steps_total >= 0),
      failures jsonb not null default '[]' check (jsonb_typeof(failures) = 'array'),
      message text check (char_length(message) <= 4000),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      updated_at timestamptz not null default now(),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );
    create index provisioning_runs_latest on provisioning_runs (cohort_id, started_at desc);
    create trigger provisioning_runs_touch before update on provisioning_runs
      for each row execute function circles_touch_updated_at();

    create table provisioning_resources (
      guild_id discord_id not null,
      cohort_id uuid not null,
      key text not null check (char_length(key) between 1 and 200),
      kind text not null check (kind in ('category', 'role', 'text', 'voice', 'welcome', 'event')),
      name text not null check (char_length(name) between 1 and 100),
      discord_id discord_id,
      -- A thing we made that someone deleted by hand: reported once, never silently re-created.
      missing_reported_at timestamptz,
      pinned boolean not null default false,
      created_at timestamptz not null default now(),
      primary key (cohort_id, key),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );

    -- Archived cohorts keep their rows as history; their Discord roles and channels are gone.
    create table cohort_archives (
      cohort_id uuid primary key,
      guild_id discord_id not null,
      archived_by discord_id,
      archived_at timestamptz not null default now(),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table cohort_archives, provisioning_resources, provisioning_runs`.execute(db);
}
