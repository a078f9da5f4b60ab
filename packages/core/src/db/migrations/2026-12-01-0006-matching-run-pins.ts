import { type Kysely, sql } from "kysely";

// Frozen. Organisers' hand edits of the draft groups are kept as runs too (kind 'edit'), each with the
// pins in force (person id → the matcher's group id), so the latest run is always the draft and every
// step can be explained and undone.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table matching_runs
      add column kind text not null default 'matcher' check (kind in ('matcher', 'edit')),
      add column pins jsonb not null default '{}' check (jsonb_typeof(pins) = 'object')
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table matching_runs drop column kind, drop column pins`.execute(db);
}
