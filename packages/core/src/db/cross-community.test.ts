import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemberService } from "../members/member.service.ts";
import { createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import type { DatabaseHandle } from "./database.ts";
import type { Executor } from "./executor.ts";

// Every composite foreign key that carries guild_id (or ties a row to a group) must refuse a row
// that points into another community, from plain SQL, without any service in the way. Each case
// differs from a row that is accepted in exactly one column, so the named constraint is the one
// that refuses it. The last test fails when a migration adds a composite key without a case here.

let handle: DatabaseHandle;

interface Side {
  guild: string;
  cohort: string;
  version: string;
  session: string;
  group: string;
  /** A second group of the cohort, with no members and no session run. */
  group2: string;
  report: string;
  event: string;
  gathering: string;
  vacancy: string;
  application: string;
  mentor: string;
  mentee: string;
  /** A second mentee of the group, with no buddy yet. */
  spare: string;
  /** A member of this community only. */
  only: string;
}
const at = "2026-01-01T10:00Z";
const later = "2026-01-01T12:00Z";
let a: Side;
let b: Side;
/** A member of both communities. */
let shared: string;

async function insertRow(db: Executor, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(
    columns.map((c) => sql`${row[c]}`),
  )})`.execute(db);
}

async function returningId(query: ReturnType<typeof sql<{ id: string }>>) {
  return (await query.execute(handle.db)).rows[0]!.id;
}

async function side(): Promise<Side> {
  const { guildId: guild, memberIds } = await createTestCommunity(handle.db, 4);
  const [mentor, mentee, spare, only] = memberIds as [string, string, string, string];
  await new MemberService(handle.db).ensureInCommunity(guild, { userId: shared, displayName: "Both" });
  const cohort = await returningId(
    sql`insert into cohorts (guild_id, name, time_zone) values (${guild}, 'C', 'UTC') returning id`,
  );
  const version = await returningId(
    sql`insert into code_of_conduct_versions (guild_id, version, title, sections)
        values (${guild}, 1, 'Code', '[{"area":"fees","text":"x"}]') returning id`,
  );
  const session = await returningId(
    sql`insert into cohort_sessions (guild_id, cohort_id, number, starts_at, ends_at, agenda)
        values (${guild}, ${cohort}, 1, '2026-01-01T10:00Z', '2026-01-01T12:00Z', '[]') returning id`,
  );
  const group = await returningId(
    sql`insert into groups (guild_id, cohort_id, name) values (${guild}, ${cohort}, 'G') returning id`,
  );
  const group2 = await returningId(
    sql`insert into groups (guild_id, cohort_id, name) values (${guild}, ${cohort}, 'G2') returning id`,
  );
  for (const [user, role] of [
    [mentor, "mentor"],
    [mentee, "mentee"],
    [spare, "mentee"],
  ])
    await sql`insert into group_members (guild_id, cohort_id, group_id, user_id, role)
              values (${guild}, ${cohort}, ${group}, ${user}, ${role})`.execute(handle.db);
  await sql`insert into buddy_pairs (group_id, mentee_user_id, mentor_user_id)
            values (${group}, ${mentee}, ${mentor})`.execute(handle.db);
  const report = await returningId(
    sql`insert into conduct_reports (guild_id, number, area, body) values (${guild}, 1, 'fees', 'x') returning id`,
  );
  const event = await returningId(
    sql`insert into program_events (guild_id, cohort_id, title, location, starts_at, ends_at, created_by)
        values (${guild}, ${cohort}, 'Demo day', 'Level 3', ${at}, ${later}, ${mentor}) returning id`,
  );
  const gathering = await returningId(
    sql`insert into social_gatherings (guild_id, group_id, title, starts_at, proposed_by)
        values (${guild}, ${group}, 'Dinner', ${at}, ${mentor}) returning id`,
  );
  await sql`insert into group_session_runs (guild_id, session_id, group_id, opened_at, opened_by)
            values (${guild}, ${session}, ${group}, ${at}, ${mentor})`.execute(handle.db);
  const vacancy = await returningId(
    sql`insert into seat_vacancies (guild_id, cohort_id, group_id, reason)
        values (${guild}, ${cohort}, ${group}, 'withdrawal') returning id`,
  );
  const application = await returningId(
    sql`insert into applications (guild_id, cohort_id, user_id, role, gender, areas, experience)
        values (${guild}, ${cohort}, ${mentee}, 'mentee', 'female', array['career'], 'junior') returning id`,
  );
  return {
    guild,
    cohort,
    version,
    session,
    group,
    group2,
    report,
    event,
    gathering,
    vacancy,
    application,
    mentor,
    mentee,
    spare,
    only,
  };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  shared = testSnowflake();
  a = await side();
  b = await side();
});
afterAll(() => handle.close());

interface Case {
  /** The foreign key, as PostgreSQL names it. */
  constraint: string;
  table: string;
  /** A row of community A that is accepted. */
  accepted: () => Record<string, unknown>;
  /** The one change that points it into community B. */
  crossed: () => Record<string, unknown>;
}

const CASES: Case[] = [
  {
    constraint: "code_of_conduct_acceptances_guild_id_version_id_fkey",
    table: "code_of_conduct_acceptances",
    accepted: () => ({ guild_id: a.guild, version_id: a.version, user_id: shared }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "code_of_conduct_acceptances_guild_id_user_id_fkey",
    table: "code_of_conduct_acceptances",
    accepted: () => ({ guild_id: a.guild, version_id: a.version, user_id: a.only }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "cohort_sessions_guild_id_cohort_id_fkey",
    table: "cohort_sessions",
    accepted: () => ({
      guild_id: a.guild,
      cohort_id: a.cohort,
      number: 2,
      starts_at: at,
      ends_at: "2026-01-01T12:00Z",
      agenda: "[]",
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "applications_guild_id_cohort_id_fkey",
    table: "applications",
    accepted: () => application(shared),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "applications_guild_id_user_id_fkey",
    table: "applications",
    accepted: () => application(a.only),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "groups_guild_id_cohort_id_fkey",
    table: "groups",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort, name: "Another" }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "group_members_guild_id_group_id_fkey",
    table: "group_members",
    accepted: () => ({
      guild_id: a.guild,
      cohort_id: a.cohort,
      group_id: a.group,
      user_id: shared,
      role: "mentee",
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "group_members_cohort_id_group_id_fkey",
    table: "group_members",
    accepted: () => ({
      guild_id: a.guild,
      cohort_id: a.cohort,
      group_id: a.group,
      user_id: shared,
      role: "mentee",
    }),
    crossed: () => ({ cohort_id: b.cohort }),
  },
  {
    constraint: "group_members_guild_id_user_id_fkey",
    table: "group_members",
    accepted: () => ({
      guild_id: a.guild,
      cohort_id: a.cohort,
      group_id: a.group,
      user_id: a.only,
      role: "mentee",
    }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "buddy_pairs_group_id_mentor_user_id_mentor_role_fkey",
    table: "buddy_pairs",
    accepted: () => ({ group_id: a.group, mentee_user_id: a.spare, mentor_user_id: a.mentor }),
    crossed: () => ({ mentor_user_id: b.mentor }),
  },
  {
    constraint: "buddy_pairs_group_id_mentee_user_id_mentee_role_fkey",
    table: "buddy_pairs",
    accepted: () => ({ group_id: a.group, mentee_user_id: a.spare, mentor_user_id: a.mentor }),
    crossed: () => ({ mentee_user_id: b.spare }),
  },
  {
    constraint: "attendance_guild_id_session_id_fkey",
    table: "attendance",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      user_id: shared,
      status: "present",
      source: "manual",
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "attendance_guild_id_user_id_fkey",
    table: "attendance",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      user_id: a.only,
      status: "present",
      source: "manual",
    }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "check_ins_guild_id_group_id_fkey",
    table: "check_ins",
    accepted: () => ({
      guild_id: a.guild,
      group_id: a.group,
      mentor_user_id: a.mentor,
      mentee_user_id: a.mentee,
      held_at: at,
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "check_ins_group_id_mentee_user_id_fkey",
    table: "check_ins",
    accepted: () => ({
      guild_id: a.guild,
      group_id: a.group,
      mentor_user_id: a.mentor,
      mentee_user_id: a.mentee,
      held_at: at,
    }),
    crossed: () => ({ mentee_user_id: b.mentee }),
  },
  {
    constraint: "check_ins_group_id_mentor_user_id_fkey",
    table: "check_ins",
    accepted: () => ({
      guild_id: a.guild,
      group_id: a.group,
      mentor_user_id: a.mentor,
      mentee_user_id: a.mentee,
      held_at: at,
    }),
    crossed: () => ({ mentor_user_id: b.mentor }),
  },
  {
    constraint: "social_gatherings_guild_id_group_id_fkey",
    table: "social_gatherings",
    accepted: () => ({
      guild_id: a.guild,
      group_id: a.group,
      title: "Dinner",
      starts_at: at,
      proposed_by: a.mentor,
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "social_gatherings_group_id_proposed_by_fkey",
    table: "social_gatherings",
    accepted: () => ({
      guild_id: a.guild,
      group_id: a.group,
      title: "Dinner",
      starts_at: at,
      proposed_by: a.mentor,
    }),
    crossed: () => ({ proposed_by: b.mentor }),
  },
  {
    constraint: "session_feedback_guild_id_session_id_fkey",
    table: "session_feedback",
    accepted: () => ({ guild_id: a.guild, session_id: a.session, user_id: shared, rating: 5 }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "session_feedback_guild_id_user_id_fkey",
    table: "session_feedback",
    accepted: () => ({ guild_id: a.guild, session_id: a.session, user_id: a.only, rating: 5 }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "conduct_report_notes_guild_id_report_id_fkey",
    table: "conduct_report_notes",
    accepted: () => ({ guild_id: a.guild, report_id: a.report, author_user_id: shared, body: "noted" }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "matching_runs_guild_id_cohort_id_fkey",
    table: "matching_runs",
    accepted: () => ({
      guild_id: a.guild,
      cohort_id: a.cohort,
      seed: 1,
      input: "{}",
      result: "{}",
      hard_violations: 0,
      unbalanced_groups: 0,
      soft_score: 1,
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "application_drafts_guild_id_cohort_id_fkey",
    table: "application_drafts",
    accepted: () => ({ guild_id: a.guild, user_id: a.only, cohort_id: a.cohort, role: "mentee" }),
    crossed: () => ({ cohort_id: b.cohort }),
  },
  {
    constraint: "application_drafts_guild_id_user_id_fkey",
    table: "application_drafts",
    accepted: () => ({ guild_id: a.guild, user_id: a.only, cohort_id: a.cohort, role: "mentee" }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "provisioning_runs_guild_id_cohort_id_fkey",
    table: "provisioning_runs",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "provisioning_resources_guild_id_cohort_id_fkey",
    table: "provisioning_resources",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort, key: "role:g", kind: "role", name: "G" }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "cohort_archives_guild_id_cohort_id_fkey",
    table: "cohort_archives",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "group_session_runs_guild_id_session_id_fkey",
    table: "group_session_runs",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      group_id: a.group2,
      opened_at: at,
      opened_by: a.mentor,
    }),
    crossed: () => ({ session_id: b.session }),
  },
  {
    constraint: "group_session_runs_guild_id_group_id_fkey",
    table: "group_session_runs",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      group_id: a.group2,
      opened_at: at,
      opened_by: a.mentor,
    }),
    crossed: () => ({ group_id: b.group }),
  },
  {
    constraint: "voice_presence_session_id_group_id_fkey",
    table: "voice_presence",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      group_id: a.group,
      user_id: shared,
      joined_at: at,
    }),
    crossed: () => ({ session_id: b.session }),
  },
  {
    constraint: "voice_presence_guild_id_group_id_fkey",
    table: "voice_presence",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      group_id: a.group,
      user_id: shared,
      joined_at: at,
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "voice_presence_guild_id_user_id_fkey",
    table: "voice_presence",
    accepted: () => ({
      guild_id: a.guild,
      session_id: a.session,
      group_id: a.group,
      user_id: a.only,
      joined_at: at,
    }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "program_events_guild_id_cohort_id_fkey",
    table: "program_events",
    accepted: () => ({
      guild_id: a.guild,
      cohort_id: a.cohort,
      title: "Demo",
      location: "Here",
      starts_at: at,
      ends_at: later,
      created_by: shared,
    }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "program_event_answers_guild_id_event_id_fkey",
    table: "program_event_answers",
    accepted: () => ({ guild_id: a.guild, event_id: a.event, user_id: shared, going: true }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "program_event_answers_guild_id_user_id_fkey",
    table: "program_event_answers",
    accepted: () => ({ guild_id: a.guild, event_id: a.event, user_id: a.only, going: true }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "cohort_final_surveys_guild_id_cohort_id_fkey",
    table: "cohort_final_surveys",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort, user_id: shared, overall: 5 }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "cohort_final_surveys_guild_id_user_id_fkey",
    table: "cohort_final_surveys",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort, user_id: a.only, overall: 5 }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "gathering_responses_guild_id_gathering_id_fkey",
    table: "gathering_responses",
    accepted: () => ({ guild_id: a.guild, gathering_id: a.gathering, user_id: shared, going: true }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "gathering_responses_guild_id_user_id_fkey",
    table: "gathering_responses",
    accepted: () => ({ guild_id: a.guild, gathering_id: a.gathering, user_id: a.only, going: true }),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "seat_vacancies_guild_id_group_id_fkey",
    table: "seat_vacancies",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort, group_id: a.group, reason: "removal" }),
    crossed: () => ({ guild_id: b.guild }),
  },
  {
    constraint: "seat_vacancies_cohort_id_group_id_fkey",
    table: "seat_vacancies",
    accepted: () => ({ guild_id: a.guild, cohort_id: a.cohort, group_id: a.group, reason: "removal" }),
    crossed: () => ({ cohort_id: b.cohort }),
  },
  {
    constraint: "seat_offers_guild_id_vacancy_id_fkey",
    table: "seat_offers",
    accepted: () => offer(),
    crossed: () => ({ vacancy_id: b.vacancy }),
  },
  {
    constraint: "seat_offers_guild_id_application_id_fkey",
    table: "seat_offers",
    accepted: () => offer(),
    crossed: () => ({ application_id: b.application }),
  },
  {
    constraint: "seat_offers_guild_id_user_id_fkey",
    table: "seat_offers",
    accepted: () => offer(),
    crossed: () => ({ user_id: b.only }),
  },
  {
    constraint: "data_export_tokens_guild_id_user_id_fkey",
    table: "data_export_tokens",
    accepted: () => ({ token_hash: "f".repeat(64), guild_id: a.guild, user_id: a.only, expires_at: later }),
    crossed: () => ({ user_id: b.only }),
  },
];

function offer() {
  return {
    guild_id: a.guild,
    vacancy_id: a.vacancy,
    application_id: a.application,
    user_id: a.mentee,
    offered_at: at,
    deadline_at: later,
  };
}

function application(user: string) {
  return {
    guild_id: a.guild,
    cohort_id: a.cohort,
    user_id: user,
    role: "mentee",
    gender: "female",
    areas: sql`array['career']`,
    experience: "junior",
  };
}

class RolledBack extends Error {}

describe(`no row points into another community, even from plain SQL (${testDatabaseKind()})`, () => {
  it.each(CASES)("$constraint refuses a row of $table crossing into the other community", async (c) => {
    const crossed = { ...c.accepted(), ...c.crossed() };
    const error = await insertRow(handle.db, c.table, crossed).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23503", constraint: c.constraint });

    // The same row kept inside community A is accepted (then rolled back), so the crossing alone
    // was refused.
    const accepted = handle.db.transaction().execute(async (trx) => {
      await insertRow(trx, c.table, c.accepted());
      throw new RolledBack();
    });
    await expect(accepted).rejects.toBeInstanceOf(RolledBack);
  });

  it("covers every composite foreign key of the schema", async () => {
    const keys = await sql<{ name: string }>`
      select conname as name from pg_constraint
      where contype = 'f' and cardinality(conkey) > 1 and connamespace = 'public'::regnamespace
      order by conname`.execute(handle.db);
    expect(keys.rows.map((r) => r.name)).toEqual(CASES.map((c) => c.constraint).sort());
  });
});
