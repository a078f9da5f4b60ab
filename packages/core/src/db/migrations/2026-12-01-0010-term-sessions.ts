import { type Kysely, sql } from "kysely";

// Frozen. Running the term on Discord:
// - cohort settings: when announcements go out (minutes before a session), the group reminder, the
//   attendance threshold and the share-back channel;
// - a session's `version`, bumped by the database whenever its time, theme, speakers or status
//   changes, so a reminder queued for an older version knows it is stale whoever edited the row;
// - each group's run of a session (`/session start` … `end`), its agenda position and share-back;
// - open voice intervals (a join not yet matched by a leave), so a restart loses no minutes;
// - once-only notices: a row claimed before a message is posted and completed after, so a retried
//   job never posts twice;
// - program-wide events (Developer's Gym workshops) with Going / Not going answers;
// - the cohort's final survey.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table cohorts
      add column announcement_offsets_minutes integer[] not null default '{10080,1440}'
        check (cardinality(announcement_offsets_minutes) <= 5
          and 0 < all(announcement_offsets_minutes) and 43200 >= all(announcement_offsets_minutes)),
      add column reminder_offset_minutes integer not null default 60
        check (reminder_offset_minutes between 1 and 1440),
      add column attendance_threshold_minutes integer not null default 30
        check (attendance_threshold_minutes between 1 and 720),
      add column share_back_channel_id discord_id;

    alter table cohort_sessions add column version integer not null default 1 check (version >= 1);
    create function circles_bump_session_version() returns trigger language plpgsql as $$
    begin
      if new.starts_at is distinct from old.starts_at or new.ends_at is distinct from old.ends_at
         or new.theme is distinct from old.theme or new.speakers is distinct from old.speakers
         or new.status is distinct from old.status then
        new.version := old.version + 1;
      end if;
      return new;
    end $$;
    create trigger cohort_sessions_version before update on cohort_sessions
      for each row execute function circles_bump_session_version();

    alter table attendance add column seconds_present integer not null default 0
      check (seconds_present between 0 and 86400);

    create table group_session_runs (
      guild_id discord_id not null,
      session_id uuid not null,
      group_id uuid not null,
      opened_at timestamptz not null,
      opened_by discord_id not null,
      agenda_position integer not null default 0 check (agenda_position >= 0),
      closed_at timestamptz,
      share_back text check (char_length(share_back) <= 4000),
      share_back_by discord_id,
      share_back_at timestamptz,
      primary key (session_id, group_id),
      foreign key (guild_id, session_id) references cohort_sessions (guild_id, id) on delete cascade,
      foreign key (guild_id, group_id) references groups (guild_id, id) on delete cascade
    );

    create table voice_presence (
      guild_id discord_id not null,
      session_id uuid not null,
      group_id uuid not null,
      user_id discord_id not null,
      joined_at timestamptz not null,
      primary key (session_id, user_id),
      foreign key (session_id, group_id) references group_session_runs (session_id, group_id) on delete cascade
    );

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

    create table program_events (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      title text not null check (char_length(title) between 1 and 100),
      description text check (char_length(description) <= 1000),
      location text not null check (char_length(location) between 1 and 100),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
      discord_event_id discord_id,
      announcement_message_id discord_id,
      created_by discord_id not null,
      created_at timestamptz not null default now(),
      check (ends_at > starts_at),
      unique (guild_id, id),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );

    create table program_event_answers (
      guild_id discord_id not null,
      event_id uuid not null,
      user_id discord_id not null,
      going boolean not null,
      answered_at timestamptz not null default now(),
      primary key (event_id, user_id),
      foreign key (guild_id, event_id) references program_events (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    create table cohort_final_surveys (
      guild_id discord_id not null,
      cohort_id uuid not null,
      user_id discord_id not null,
      overall integer not null check (overall between 1 and 5),
      most_valuable text check (char_length(most_valuable) <= 1000),
      change_next text check (char_length(change_next) <= 1000),
      created_at timestamptz not null default now(),
      primary key (cohort_id, user_id),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table cohort_final_surveys, program_event_answers, program_events, notice_deliveries,
      voice_presence, group_session_runs;
    alter table attendance drop column seconds_present;
    drop trigger cohort_sessions_version on cohort_sessions;
    drop function circles_bump_session_version;
    alter table cohort_sessions drop column version;
    alter table cohorts drop column announcement_offsets_minutes, drop column reminder_offset_minutes,
      drop column attendance_threshold_minutes, drop column share_back_channel_id;
  `.execute(db);
}
