import {
  ApplicationService,
  CodeOfConductService,
  CohortService,
  CommunityService,
  type Database,
  MemberService,
  programCodeOfConduct,
} from "@circles/core";
import { DEMO_APPLICANTS } from "./demo-people.ts";

export interface DemoServer {
  guildId: string;
  guildName: string;
  organiserRoleId: string;
  announcementChannelId: string;
  /** Display name → user id of the demo server's members. */
  userIds: ReadonlyMap<string, string>;
}

const SYSTEM = { userId: null };

/**
 * The program as a newcomer should first see it: a published code of conduct, a cohort taking
 * applications on the program's schedule (six Tuesday evenings, three weeks apart, in Singapore), and
 * the demo members' applications, so `/cohort close`, `/cohort match` and `/cohort publish` work at once.
 * Runs once: a community that has a cohort already is left as it is.
 */
export async function seedDemoProgram(db: Database, server: DemoServer, now: Date): Promise<boolean> {
  const cohorts = new CohortService(db);
  const existing = await cohorts.list(server.guildId).catch(() => []);
  if (existing.length > 0) return false;

  await new CommunityService(db).register({
    guildId: server.guildId,
    name: server.guildName,
    timeZone: "Asia/Singapore",
    organiserRoleId: server.organiserRoleId,
    announcementChannelId: server.announcementChannelId,
  });
  const conduct = new CodeOfConductService(db);
  const code =
    (await conduct.current(server.guildId)) ??
    (await conduct.publish(
      server.guildId,
      { title: `${server.guildName} mentoring program: code of conduct`, sections: programCodeOfConduct() },
      null,
    ));
  const cohort = await cohorts.create(
    server.guildId,
    { name: `Mentoring program ${now.getUTCFullYear() + 1}`, venue: "Hackerspace SG, 70A Bussorah Street" },
    SYSTEM,
    {
      count: 6,
      everyWeeks: 3,
      weekday: 2,
      firstDate: isoDate(new Date(now.getTime() + 14 * 86_400_000)),
      startTime: "19:00",
      endTime: "22:00",
    },
  );
  await cohorts.changeState(server.guildId, cohort.id, "applications_open", SYSTEM);

  const applications = new ApplicationService(db);
  for (const applicant of DEMO_APPLICANTS) {
    const userId = server.userIds.get(applicant.name);
    if (!userId) continue; // a demo server edited by hand: apply with who is there
    await new MemberService(db).ensureInCommunity(server.guildId, { userId, displayName: applicant.name });
    await conduct.accept(server.guildId, code.id, userId);
    const { name: _name, ...answers } = applicant;
    await applications.apply(server.guildId, cohort.id, userId, answers);
  }
  return true;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
