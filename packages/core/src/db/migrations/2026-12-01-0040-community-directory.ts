import { type Kysely, sql } from "kysely";

// Frozen once released. What the bot last saw of a guild: the roles a person can hold and the
// channels it can post in, so the dashboard offers names to choose from instead of raw ids, and a
// setting naming a role or channel the server does not have is refused. The bot replaces the row
// whenever a role or channel changes; the API only reads it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table community_directories (
      guild_id discord_id primary key references communities on delete cascade,
      -- [{ "id", "name" }]: assignable roles, highest first (at most 250 in a guild).
      roles jsonb not null check (jsonb_typeof(roles) = 'array'),
      -- [{ "id", "name" }]: text and announcement channels in the server's order (at most 500).
      channels jsonb not null check (jsonb_typeof(channels) = 'array'),
      seen_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table community_directories`.execute(db);
}
