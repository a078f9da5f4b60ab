import { type Kysely, sql } from "kysely";

// Frozen once released. Channel posts that must go out once (notice_deliveries) and DMs that must
// (direct_deliveries) were two tables of one mechanism: claimed before sending, marked after, a claim
// left half-done checked against Discord by the marker under the message. One table now; the rows
// move over, each DM's marker being the one its message already carries ("ref" and 12 hex digits of
// the key's SHA-256), so a DM claimed before this migration is still recognised after it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table deliveries (
      key text primary key check (char_length(key) between 1 and 200),
      guild_id discord_id not null references communities on delete cascade,
      -- A DM's member; null for a post in a channel.
      user_id discord_id,
      -- A post: the channel it goes to. A DM: the channel it went to when DMs were closed.
      channel_id discord_id,
      marker text not null check (char_length(marker) between 1 and 40),
      state text not null default 'claimed' check (state in ('claimed', 'sent', 'failed')),
      via text check (via in ('channel', 'dm', 'fallback')),
      message_id discord_id,
      claimed_at timestamptz not null default now(),
      sent_at timestamptz,
      check ((state = 'sent') = (sent_at is not null)),
      check ((user_id is null) = (channel_id is not null and (via is null or via = 'channel')))
    );
    create index deliveries_by_member on deliveries (guild_id, user_id) where user_id is not null;

    insert into deliveries (key, guild_id, user_id, channel_id, marker, state, via, message_id, claimed_at, sent_at)
      select key, guild_id, null, channel_id, marker, case when state = 'sending' then 'claimed' else state end,
        case when state = 'sent' then 'channel' end, message_id, claimed_at, sent_at
      from notice_deliveries;
    insert into deliveries (key, guild_id, user_id, channel_id, marker, state, via, claimed_at, sent_at)
      select key, guild_id, user_id, channel_id,
        'ref ' || substr(encode(sha256(convert_to(key, 'UTF8')), 'hex'), 1, 12), state, via, claimed_at,
        case when state = 'sent' then coalesce(sent_at, claimed_at) end
      from direct_deliveries
      on conflict (key) do nothing;
    drop table notice_deliveries, direct_deliveries;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create table notice_deliveries (
      key text primary key check (char_length(key) between 1 and 200),
      guild_id discord_id not null references communities on delete cascade,
      channel_id discord_id not null,
      marker text not null check (char_length(marker) between 1 and 40),
      state text not null default 'sending' check (state in ('sending', 'sent')),
      message_id discord_id,
      claimed_at timestamptz not null default now(),
      sent_at timestamptz,
      check ((state = 'sent') = (sent_at is not null))
    );
    create table direct_deliveries (
      key text primary key check (char_length(key) between 1 and 200),
      guild_id discord_id not null references communities on delete cascade,
      user_id discord_id not null,
      state text not null default 'claimed' check (state in ('claimed', 'sent', 'failed')),
      via text check (via in ('dm', 'fallback')),
      channel_id discord_id,
      claimed_at timestamptz not null default now(),
      sent_at timestamptz
    );
    insert into notice_deliveries (key, guild_id, channel_id, marker, state, message_id, claimed_at, sent_at)
      select key, guild_id, channel_id, marker, case when state = 'sent' then 'sent' else 'sending' end,
        message_id, claimed_at, sent_at
      from deliveries where user_id is null;
    insert into direct_deliveries (key, guild_id, user_id, state, via, channel_id, claimed_at, sent_at)
      select key, guild_id, user_id, state, via, channel_id, claimed_at, sent_at
      from deliveries where user_id is not null;
    drop table deliveries;
  `.execute(db);
}
