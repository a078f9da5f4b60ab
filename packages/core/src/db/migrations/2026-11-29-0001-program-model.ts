import { type Kysely, sql } from "kysely";

// Frozen: the whole program's data model as first laid down. Never edit; add a new migration.
// Discord ids (snowflakes) are text. Every row that belongs to a community carries its guild_id,
// and child rows repeat the parent's key in composite foreign keys, so a row can never point
// into another community.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function circles_touch_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end $$;

    create domain discord_id as text check (value ~ '^[0-9]{15,21}$');

    create table communities (
      guild_id discord_id primary key,
      name text not null check (char_length(name) between 1 and 100),
      time_zone text not null default 'UTC' check (char_length(time_zone) between 1 and 64),
      organiser_role_id discord_id,
      announcement_channel_id discord_id,
      settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table members (
      user_id discord_id primary key,
      display_name text not null check (char_length(display_name) between 1 and 100),
      avatar text check (char_length(avatar) <= 200),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table community_members (
      guild_id discord_id not null references communities on delete cascade,
      user_id discord_id not null references members on delete cascade,
      joined_at timestamptz not null default now(),
      primary key (guild_id, user_id)
    );

    create table code_of_conduct_versions (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null references communities on delete cascade,
      version integer not null check (version >= 1),
      title text not null check (char_length(title) between 1 and 200),
      sections jsonb not null check (jsonb_typeof(sections) = 'array' and jsonb_array_length(sections) >= 1),
      published_at timestamptz not null default now(),
      unique (guild_id, version),
      unique (guild_id, id)
    );

    create table code_of_conduct_acceptances (
      guild_id discord_id not null,
      version_id uuid not null,
      user_id discord_id not null,
      accepted_at timestamptz not null default now(),
      primary key (version_id, user_id),
      foreign key (guild_id, version_id) references code_of_conduct_versions (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    create table cohorts (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null references communities on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      state text not null default 'draft' check (state in
        ('draft', 'applications_open', 'matching', 'published', 'running', 'finished', 'cancelled')),
      mentors_per_group integer not null default 2 check (mentors_per_group between 1 and 10),
      mentees_per_group integer not null default 3 check (mentees_per_group between 1 and 20),
      time_zone text not null check (char_length(time_zone) between 1 and 64),
      venue text check (char_length(venue) <= 200),
      discord_category_id discord_id,
      state_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (guild_id, name),
      unique (guild_id, id)
    );

    -- The legal life of a cohort, enforced here as well as in the service.
    create table cohort_state_transitions (
      from_state text not null,
      to_state text not null,
      primary key (from_state, to_state)
    );
    insert into cohort_state_transitions (from_state, to_state) values
      ('draft', 'applications_open'),
      ('applications_open', 'matching'),
      ('matching', 'applications_open'),
      ('matching', 'published'),
      ('published', 'running'),
      ('running', 'finished'),
      ('draft', 'cancelled'),
      ('applications_open', 'cancelled'),
      ('matching', 'cancelled'),
      ('published', 'cancelled'),
      ('running', 'cancelled');

    create function circles_check_cohort_state_change() returns trigger language plpgsql as $$
    begin
      if new.state is distinct from old.state then
        if not exists (select 1 from cohort_state_transitions
                       where from_state = old.state and to_state = new.state) then
          raise exception 'illegal cohort state change from % to %', old.state, new.state
            using errcode = 'check_violation', constraint = 'cohort_state_transition';
        end if;
        new.state_changed_at := now();
      end if;
      return new;
    end $$;
    create trigger cohorts_state_change before update on cohorts
      for each row execute function circles_check_cohort_state_change();
    create function circles_check_cohort_initial_state() returns trigger language plpgsql as $$
    begin
      if new.state <> 'draft' then
        raise exception 'a cohort starts as a draft, not %', new.state
          using errcode = 'check_violation', constraint = 'cohort_state_transition';
      end if;
      return new;
    end $$;
    create trigger cohorts_initial_state before insert on cohorts
      for each row execute function circles_check_cohort_initial_state();

    create table cohort_sessions (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      number integer not null check (number between 1 and 52),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
      theme text check (char_length(theme) <= 200),
      speakers text[] not null default '{}' check (cardinality(speakers) <= 10),
      discussion_prompts text[] not null default '{}' check (cardinality(discussion_prompts) <= 20),
      agenda jsonb not null check (jsonb_typeof(agenda) = 'array'),
      discord_event_id discord_id,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at > starts_at),
      unique (cohort_id, number),
      unique (guild_id, id),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );

    create table applications (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      user_id discord_id not null,
      role text not null check (role in ('mentor', 'mentee')),
      gender text not null check (gender in ('female', 'male', 'nonbinary', 'unstated')),
      single_gender_group boolean not null default false,
      areas text[] not null check (cardinality(areas) between 1 and 3
        and areas <@ array['career', 'growth', 'technical']::text[]),
      interests text[] not null default '{}' check (cardinality(interests) <= 20),
      experience text not null check (experience in ('student', 'junior', 'mid', 'senior', 'lead')),
      employer text check (char_length(employer) <= 100),
      goals text check (char_length(goals) <= 2000),
      state text not null default 'submitted'
        check (state in ('submitted', 'withdrawn', 'placed', 'waitlisted', 'declined')),
      applied_at timestamptz not null default now(),
      withdrawn_at timestamptz,
      updated_at timestamptz not null default now(),
      check ((state = 'withdrawn') = (withdrawn_at is not null)),
      unique (guild_id, id),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );
    -- One live application per member and cohort; withdrawn ones stay as history.
    create unique index applications_one_live_per_member
      on applications (cohort_id, user_id) where state <> 'withdrawn';

    create table groups (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      cohort_id uuid not null,
      name text not null check (char_length(name) between 1 and 100),
      kind text not null default 'mixed' check (kind in ('mixed', 'women', 'men')),
      discord_role_id discord_id unique,
      text_channel_id discord_id unique,
      voice_channel_id discord_id unique,
      created_at timestamptz not null default now(),
      unique (cohort_id, name),
      unique (guild_id, id),
      unique (cohort_id, id),
      foreign key (guild_id, cohort_id) references cohorts (guild_id, id) on delete cascade
    );

    create table group_members (
      guild_id discord_id not null,
      cohort_id uuid not null,
      group_id uuid not null,
      user_id discord_id not null,
      role text not null check (role in ('mentor', 'mentee')),
      primary key (group_id, user_id),
      unique (cohort_id, user_id),
      unique (group_id, user_id, role),
      foreign key (cohort_id, group_id) references groups (cohort_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    -- One buddy per mentee, a mentor of the same group: the role columns make the foreign keys
    -- prove both people's roles.
    create table buddy_pairs (
      group_id uuid not null,
      mentee_user_id discord_id not null,
      mentee_role text not null default 'mentee' check (mentee_role = 'mentee'),
      mentor_user_id discord_id not null,
      mentor_role text not null default 'mentor' check (mentor_role = 'mentor'),
      primary key (group_id, mentee_user_id),
      foreign key (group_id, mentee_user_id, mentee_role)
        references group_members (group_id, user_id, role) on delete cascade,
      foreign key (group_id, mentor_user_id, mentor_role)
        references group_members (group_id, user_id, role) on delete cascade
    );

    create table attendance (
      guild_id discord_id not null,
      session_id uuid not null,
      user_id discord_id not null,
      status text not null check (status in ('present', 'absent', 'excused')),
      source text not null check (source in ('voice', 'manual')),
      minutes_present integer not null default 0 check (minutes_present between 0 and 1440),
      updated_at timestamptz not null default now(),
      primary key (session_id, user_id),
      foreign key (guild_id, session_id) references cohort_sessions (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    create table check_ins (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      group_id uuid not null,
      mentor_user_id discord_id not null,
      mentee_user_id discord_id not null,
      held_at timestamptz not null,
      notes text check (char_length(notes) <= 2000),
      created_at timestamptz not null default now(),
      foreign key (guild_id, group_id) references groups (guild_id, id) on delete cascade,
      foreign key (group_id, mentee_user_id) references buddy_pairs (group_id, mentee_user_id) on delete cascade
    );

    create table social_gatherings (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      group_id uuid not null,
      title text not null check (char_length(title) between 1 and 100),
      starts_at timestamptz not null,
      location text check (char_length(location) <= 200),
      proposed_by discord_id not null,
      created_at timestamptz not null default now(),
      foreign key (guild_id, group_id) references groups (guild_id, id) on delete cascade,
      foreign key (group_id, proposed_by) references group_members (group_id, user_id) on delete cascade
    );

    create table session_feedback (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      session_id uuid not null,
      user_id discord_id not null,
      rating integer not null check (rating between 1 and 5),
      comment text check (char_length(comment) <= 2000),
      created_at timestamptz not null default now(),
      unique (session_id, user_id),
      foreign key (guild_id, session_id) references cohort_sessions (guild_id, id) on delete cascade,
      foreign key (guild_id, user_id) references community_members (guild_id, user_id) on delete cascade
    );

    create table conduct_reports (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null references communities on delete cascade,
      -- Always kept for the system (to stop abuse and to answer the reporter); shown to organisers
      -- only when reporter_disclosed.
      reporter_user_id discord_id,
      reporter_disclosed boolean not null default false,
      reported_user_id discord_id,
      area text not null check (area in ('confidentiality', 'availability', 'communications',
        'topics-for-discussion', 'personal-relationships', 'meetings-in-person', 'prohibited-advice',
        'knowledgeable-advice', 'fees', 'business-relationships', 'duty-to-report')),
      body text not null check (char_length(body) between 1 and 4000),
      state text not null default 'open' check (state in ('open', 'in_review', 'closed')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (not reporter_disclosed or reporter_user_id is not null),
      unique (guild_id, id)
    );

    create table conduct_report_notes (
      id uuid primary key default gen_random_uuid(),
      guild_id discord_id not null,
      report_id uuid not null,
      author_user_id discord_id not null,
      body text not null check (char_length(body) between 1 and 4000),
      created_at timestamptz not null default now(),
      foreign key (guild_id, report_id) references conduct_reports (guild_id, id) on delete cascade
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      guild_id discord_id references communities on delete cascade,
      actor_user_id discord_id,
      action text not null check (char_length(action) between 1 and 100),
      entity_type text not null check (char_length(entity_type) between 1 and 50),
      entity_id text not null,
      details jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index audit_log_by_entity on audit_log (entity_type, entity_id, at);
    create index audit_log_by_community on audit_log (guild_id, at);

    create trigger communities_touch before update on communities
      for each row execute function circles_touch_updated_at();
    create trigger members_touch before update on members
      for each row execute function circles_touch_updated_at();
    create trigger cohorts_touch before update on cohorts
      for each row execute function circles_touch_updated_at();
    create trigger cohort_sessions_touch before update on cohort_sessions
      for each row execute function circles_touch_updated_at();
    create trigger applications_touch before update on applications
      for each row execute function circles_touch_updated_at();
    create trigger attendance_touch before update on attendance
      for each row execute function circles_touch_updated_at();
    create trigger conduct_reports_touch before update on conduct_reports
      for each row execute function circles_touch_updated_at();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table audit_log, conduct_report_notes, conduct_reports, session_feedback, social_gatherings,
      check_ins, attendance, buddy_pairs, group_members, groups, applications, cohort_sessions,
      cohort_state_transitions, cohorts, code_of_conduct_acceptances, code_of_conduct_versions,
      community_members, members, communities;
    drop function circles_check_cohort_state_change, circles_check_cohort_initial_state,
      circles_touch_updated_at;
    drop domain discord_id;
  `.execute(db);
}
