import { type Kysely, sql } from "kysely";

// Frozen. An application being filled in on Discord: its answers between one select or modal and the
// next. Kept in the database (not in memory or in custom ids) so that a draft survives a bot restart
// and any bot process can take the member's next click. One draft per member and community.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table application_drafts (
      guild_id discord_id not null,
      user_id discord_id not null,
      cohort_id uuid not null,
      role text not null check (role in ('mentor', 'mentee')),
      answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
      updated_at timestamptz not null default now(),
      primary key (guild_id, user_id),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );
    create trigger application_drafts_touch before update on application_drafts
      for each row execute function circles_touch_updated_at();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table application_drafts`.execute(db);
}
