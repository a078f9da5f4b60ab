import { type Kysely, sql } from "kysely";

// Frozen. Every run of the matcher on a cohort, with the exact input it saw and its result, so the
// draft groups can always be explained and reproduced.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table matching_runs (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      seed integer not null,
      input jsonb not null check (jsonb_typeof(input) = 'object'),
      result jsonb not null check (jsonb_typeof(result) = 'object'),
      hard_violations integer not null check (hard_violations >= 0),
      unbalanced_groups integer not null check (unbalanced_groups >= 0),
      soft_score double precision not null check (soft_score between 0 and 1),
      created_by discord_id,
      created_at timestamptz not null default now(),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );
    create index matching_runs_latest on matching_runs (cohort_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table matching_runs`.execute(db);
}
