import { type Kysely, sql } from "kysely";

// Frozen. What members do during the term besides sessions: check-in nudges, gatherings with their
// Discord event and RSVPs, numbered conduct reports with an outcome, seats offered down the waitlist,
// exports of a member's own data (only a hash of the token is kept), and DMs sent once.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Where organisers are told (privately) that a report arrived or a mentor withdrew.
    alter table communities add column organiser_channel_id discord_id;
    -- How long a waitlisted mentee has to answer a seat offer.
    alter table cohorts add column waitlist_offer_hours integer not null default 48
      check (waitlist_offer_hours between 1 and 336);

    alter table conduct_reports
      add column number integer check (number >= 1),
      add column outcome text check (outcome in ('no_action', 'warning', 'removal')),
      -- Who was involved, in the reporter's words (reported_user_id is the member, when known).
      add column involved text check (char_length(involved) <= 500);
    update conduct_reports r set number = n.number
      from (select id, row_number() over (partition by guild_id order by created_at, id) as number
            from conduct_reports) n
      where n.id = r.id;
    alter table conduct_reports alter column number set not null;
    create unique index conduct_reports_number on conduct_reports (guild_id, number);
    create index conduct_reports_by_reporter on conduct_reports (guild_id, reporter_user_id, created_at);

    alter table social_gatherings
      add column ends_at timestamptz,
      add column discord_event_id discord_id,
      add column channel_id discord_id,
      add column message_id discord_id,
      add unique (guild_id, id);
    create table gathering_responses (
      guild_id discord_id not null,
      gathering_id uuid not null,
      user_id discord_id not null,
      going boolean not null,
      updated_at timestamptz not null default now(),
      primary key (gathering_id, user_id),
      foreign key (guild_id, gathering_id) references social_gatherings (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    -- A seat freed in a group (a withdrawal, a removal); offered to one waitlisted mentee at a time.
    create table seat_vacancies (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      group_id uuid not null,
      freed_by discord_id,
      reason text not null check (reason in ('withdrawal', 'removal')),
      state text not null default 'open' check (state in ('open', 'filled', 'unfilled')),
      created_at timestamptz not null default now(),
      unique (guild_id, id),
      foreign key (guild_id, group_id) references groups (guild_id, id) on delete cascade
    );
    create table seat_offers (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      vacancy_id uuid not null,
      application_id uuid not null,
      user_id discord_id not null,
      state text not null default 'pending' check (state in ('pending', 'accepted', 'declined', 'expired')),
      offered_at timestamptz not null,
      deadline_at timestamptz not null,
      answered_at timestamptz,
      check (deadline_at > offered_at),
      unique (vacancy_id, application_id),
      foreign key (guild_id, vacancy_id) references seat_vacancies (guild_id, id) on delete cascade,
      foreign key (guild_id, application_id) references applications (guild_id, id) on delete cascade
    );
    -- One open offer per seat; a mentee holds at most one open offer.
    create unique index seat_offers_one_pending on seat_offers (vacancy_id) where state = 'pending';
    create unique index seat_offers_one_per_mentee on seat_offers (application_id) where state = 'pending';

    create table data_export_tokens (
      token_hash text primary key check (char_length(token_hash) = 64),
      guild_id discord_id not null,
      user_id discord_id not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    -- A message to one member that must go out once (a nudge, an offer): claimed before it is sent,
    -- marked sent after; a claim left by a killed process is checked against Discord before resending.
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
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table direct_deliveries, data_export_tokens, seat_offers, seat_vacancies, gathering_responses;
    alter table social_gatherings drop column ends_at, drop column discord_event_id, drop column channel_id,
      drop column message_id, drop constraint social_gatherings_guild_id_id_key;
    drop index conduct_reports_number;
    drop index conduct_reports_by_reporter;
    alter table conduct_reports drop column number, drop column outcome, drop column involved;
    alter table cohorts drop column waitlist_offer_hours;
    alter table communities drop column organiser_channel_id;
  `.execute(db);
}
