import { ApplicationRepository } from "../applications/application.repository.ts";
import { ApplicationService } from "../applications/application.service.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { SessionService } from "../sessions/session.service.ts";
import { createTestCommunity } from "../testing/fixtures.ts";

// Test data for the term: a community with a published cohort of groups (2 mentors + 3 mentees each,
// applications placed) and waitlisted mentees, written through the same services and repositories
// the application and matching paths use.

export interface ApplicantSpec {
  gender?: "female" | "male" | "nonbinary" | "unstated";
  singleGenderGroup?: boolean;
  employer?: string;
}

export interface TermWorld {
  guildId: string;
  cohortId: string;
  groups: Array<{ id: string; name: string; mentors: string[]; mentees: string[] }>;
  waitlist: string[];
  outsider: string;
}

export async function createTermWorld(
  db: Database,
  options: {
    groups?: number;
    waitlist?: ApplicantSpec[];
    people?: Record<number, ApplicantSpec>;
    kinds?: Array<"mixed" | "women" | "men">;
    state?: "published" | "running";
    timeZone?: string;
  } = {},
): Promise<TermWorld> {
  const groupCount = options.groups ?? 1;
  const waitSpecs = options.waitlist ?? [];
  const { guildId, memberIds } = await createTestCommunity(
    db,
    groupCount * 5 + waitSpecs.length + 1,
    options.timeZone ?? "Asia/Singapore",
  );
  const actor = { userId: null };
  const cohorts = new CohortService(db);
  const cohort = await cohorts.create(guildId, { name: "Term" }, actor);
  await new SessionService(db).planSchedule(
    guildId,
    cohort.id,
    { count: 6, everyWeeks: 3, weekday: 2, firstDate: "2030-09-03", startTime: "19:00", endTime: "21:30" },
    actor,
  );
  await cohorts.changeState(guildId, cohort.id, "applications_open", actor);
  const applications = new ApplicationService(db);
  const apply = (userId: string, role: "mentor" | "mentee", spec: ApplicantSpec = {}) =>
    applications.apply(guildId, cohort.id, userId, {
      role,
      gender: spec.gender ?? "female",
      singleGenderGroup: spec.singleGenderGroup ?? false,
      areas: ["career"],
      experience: role === "mentor" ? "senior" : "junior",
      ...(spec.employer ? { employer: spec.employer } : {}),
    });
  const drafts = [];
  for (let g = 0; g < groupCount; g++) {
    const ids = memberIds.slice(g * 5, g * 5 + 5) as [string, string, string, string, string];
    for (const [i, id] of ids.entries())
      await apply(id, i < 2 ? "mentor" : "mentee", options.people?.[g * 5 + i]);
    const [m1, m2, a, b, c] = ids;
    drafts.push({
      name: `Circle ${g + 1}`,
      kind: options.kinds?.[g] ?? ("mixed" as const),
      mentors: [m1, m2],
      mentees: [a, b, c],
      buddies: { [a]: m1, [b]: m2, [c]: m1 },
    });
  }
  const waitlist = memberIds.slice(groupCount * 5, groupCount * 5 + waitSpecs.length);
  // One at a time, so that application order is the list's order.
  for (const [i, id] of waitlist.entries()) await apply(id, "mentee", waitSpecs[i]);
  await cohorts.changeState(guildId, cohort.id, "matching", actor);
  await new GroupRepository(db).replaceAll(guildId, cohort.id, drafts);
  await new ApplicationRepository(db).markPlacement(
    guildId,
    cohort.id,
    drafts.flatMap((d) => [...d.mentors, ...d.mentees]),
    waitlist,
  );
  await cohorts.changeState(guildId, cohort.id, "published", actor);
  if (options.state === "running") await cohorts.changeState(guildId, cohort.id, "running", actor);
  const groups = (await new GroupRepository(db).listForCohort(guildId, cohort.id)).map((g) => ({
    id: g.id,
    name: g.name,
    mentors: g.mentors,
    mentees: g.mentees,
  }));
  // listForCohort sorts people by id; keep the draft's order (first mentor is buddy of two).
  for (const [i, g] of groups.entries()) {
    g.mentors = drafts[i]!.mentors;
    g.mentees = drafts[i]!.mentees;
  }
  return { guildId, cohortId: cohort.id, groups, waitlist, outsider: memberIds.at(-1)! };
}
