import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationRepository } from "./application.repository.ts";
import { ApplicationService } from "./application.service.ts";

// The applications page's counts are counted by the database: checked against hand-counted answers,
// with a withdrawn application left out and another community's guild id reading nothing.
describe(`counting a cohort's applications (${testDatabaseKind()})`, () => {
  let handle: DatabaseHandle;
  let guildId: string;
  let otherGuildId: string;
  let cohortId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const community = await twoCommunities(handle.db, 4);
    ({ guildId, otherGuildId } = community);
    const cohorts = new CohortService(handle.db);
    cohortId = (await cohorts.create(guildId, { name: "Counted" }, { userId: null })).id;
    await cohorts.changeState(guildId, cohortId, "applications_open", { userId: null });
    const applications = new ApplicationService(handle.db);
    const [a, b, c, d] = community.memberIds as [string, string, string, string];
    const apply = (userId: string, answers: Record<string, unknown>) =>
      applications.apply(guildId, cohortId, userId, { experience: "junior", ...answers });
    await apply(a, { role: "mentor", gender: "female", areas: ["career", "growth"] });
    await apply(b, { role: "mentee", gender: "male", areas: ["career"] });
    await apply(c, { role: "mentee", gender: "nonbinary", areas: ["technical", "career"] });
    const gone = await apply(d, { role: "mentee", gender: "female", areas: ["growth"] });
    await applications.withdraw(guildId, gone.id, d);
  });
  afterAll(() => handle.close());

  it("counts live applications by role, gender, state and each area", async () => {
    expect(await new ApplicationRepository(handle.db).counts(guildId, cohortId)).toEqual({
      total: 3,
      byRole: { mentor: 1, mentee: 2 },
      byGender: { female: 1, male: 1, nonbinary: 1 },
      byArea: { career: 3, growth: 1, technical: 1 },
      byState: { submitted: 3 },
    });
  });

  it("counts nothing through another community's guild id", async () => {
    expect(await new ApplicationRepository(handle.db).counts(otherGuildId, cohortId)).toEqual({
      total: 0,
      byRole: {},
      byGender: {},
      byArea: {},
      byState: {},
    });
  });
});
