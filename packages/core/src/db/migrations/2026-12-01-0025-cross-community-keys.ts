import { type Kysely, sql } from "kysely";

// Frozen. Four rows could still point into another community (found by the table-driven test in
// db/cross-community.test.ts): a voice presence's guild was tied to nothing and its member to no
// community; a seat vacancy's cohort was not tied to its group; a seat offer's member was not tied
// to the community.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table voice_presence
      add foreign key (guild_id, group_id) references groups (guild_id, id) on delete cascade,
      add foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade;
    alter table seat_vacancies
      add foreign key (cohort_id, group_id) references groups (cohort_id, id) on delete cascade;
    alter table seat_offers
      add foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table seat_offers drop constraint seat_offers_guild_id_user_id_fkey;
    alter table seat_vacancies drop constraint seat_vacancies_cohort_id_group_id_fkey;
    alter table voice_presence drop constraint voice_presence_guild_id_user_id_fkey,
      drop constraint voice_presence_guild_id_group_id_fkey;
  `.execute(db);
}
