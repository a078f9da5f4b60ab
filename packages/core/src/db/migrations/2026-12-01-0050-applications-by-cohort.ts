import { type Kysely, sql } from "kysely";

// Frozen once released. The organisers' table pages through a cohort's applications in the order
// they came: with this index a page reads its 50 rows instead of reading and sorting the cohort.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index applications_by_cohort_time on applications (guild_id, cohort_id, applied_at, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index applications_by_cohort_time`.execute(db);
}
