import { type Kysely, sql } from "kysely";

// Frozen. Two rows could still point into another community: a group member's guild_id was tied to
// the member but not to the group (a member of community B could sit in a group of community A),
// and a check-in's mentor was not tied to anything. Both now name their group in a foreign key.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table group_members
      add foreign key (guild_id, group_id) references groups (guild_id, id) on delete cascade;
    alter table check_ins
      add foreign key (group_id, mentor_user_id) references group_members (group_id, user_id) on delete cascade;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table check_ins drop constraint check_ins_group_id_mentor_user_id_fkey;
    alter table group_members drop constraint group_members_guild_id_group_id_fkey;
  `.execute(db);
}
