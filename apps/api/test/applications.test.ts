import { ApplicationService, CohortService, MemberService } from "@circles/core";
import { testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, organisedCommunity, startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
let c: Awaited<ReturnType<typeof organisedCommunity>>;
let url: string;
const applicants = [
  {
    name: "Aisha Rahman",
    role: "mentor",
    gender: "female",
    areas: ["career", "growth"],
    employer: "=HYPERLINK(1)",
  },
  { name: "Ben Tan", role: "mentor", gender: "male", areas: ["technical"], employer: "Acme" },
  { name: "Chloe Ng", role: "mentee", gender: "female", areas: ["career"], employer: null },
  { name: "Dev Rao", role: "mentee", gender: "nonbinary", areas: ["growth", "technical"], employer: "Acme" },
] as const;

beforeAll(async () => {
  t = await startTestApi();
  c = await organisedCommunity(t.database);
  const actor = { userId: c.organiser.userId };
  const cohorts = new CohortService(t.database.db);
  const cohort = await cohorts.create(c.guildId, { name: "Term 3" }, actor);
  await cohorts.changeState(c.guildId, cohort.id, "applications_open", actor);
  url = `/api/communities/${c.guildId}/cohorts/${cohort.id}/applications`;
  for (const a of applicants) {
    const userId = testSnowflake();
    await new MemberService(t.database.db).ensureInCommunity(c.guildId, { userId, displayName: a.name });
    await new ApplicationService(t.database.db).apply(c.guildId, cohort.id, userId, {
      role: a.role,
      gender: a.gender,
      areas: [...a.areas],
      experience: a.role === "mentor" ? "senior" : "junior",
      employer: a.employer,
    });
  }
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

const as = (options: Parameters<typeof injectAs>[3]) => injectAs(t.api, t.clock, c.organiser, options);
const page = async (query: string) =>
  (await as({ method: "GET", url: `${url}${query}` })).json() as {
    total: number;
    items: Array<{ displayName: string }>;
  };
const names = async (query: string) => (await page(query)).items.map((a) => a.displayName);

describe(`the applications table (${testDatabaseKind()})`, () => {
  it("lists in application order with names, and filters by role, gender, area and state", async () => {
    expect(await names("")).toEqual(["Aisha Rahman", "Ben Tan", "Chloe Ng", "Dev Rao"]);
    expect(await names("?role=mentee")).toEqual(["Chloe Ng", "Dev Rao"]);
    expect(await names("?gender=female")).toEqual(["Aisha Rahman", "Chloe Ng"]);
    expect(await names("?area=technical")).toEqual(["Ben Tan", "Dev Rao"]);
    expect(await names("?state=withdrawn")).toEqual([]);
  });

  it("searches names and employers, and sorts", async () => {
    expect(await names("?q=acme")).toEqual(["Ben Tan", "Dev Rao"]);
    expect(await names("?q=chloe")).toEqual(["Chloe Ng"]);
    expect(await names("?q=%25")).toEqual([]); // a literal %, not a wildcard
    expect(await names("?sort=name&order=desc")).toEqual(["Dev Rao", "Chloe Ng", "Ben Tan", "Aisha Rahman"]);
    expect(await names("?sort=name&limit=2&offset=1")).toEqual(["Ben Tan", "Chloe Ng"]);
  });

  it("says how many match the filters in all, on every page and past the last", async () => {
    expect((await page("?limit=1")).total).toBe(4);
    expect(await page("?role=mentee&limit=1&offset=1")).toMatchObject({
      total: 2,
      items: [{ displayName: "Dev Rao" }],
    });
    expect(await page("?q=acme&offset=5")).toEqual({ total: 2, items: [] });
    expect(await page("?state=withdrawn&offset=3")).toEqual({ total: 0, items: [] });
  });

  it("counts by role, gender and area", async () => {
    const counts = await as({ method: "GET", url: `${url}/counts` });
    expect(counts.json()).toEqual({
      total: 4,
      byRole: { mentor: 2, mentee: 2 },
      byGender: { female: 2, male: 1, nonbinary: 1 },
      byArea: { career: 2, growth: 2, technical: 2 },
      byState: { submitted: 4 },
    });
  });

  it("names bad filters in a 400", async () => {
    const bad = await as({ method: "GET", url: `${url}?role=teacher&sort=age&limit=0&page=3` });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(["limit", "page", "role", "sort"]);
  });

  it("exports CSV, defusing cells a spreadsheet would run as formulas", async () => {
    const csv = await as({ method: "GET", url: url.replace(/applications$/, "applications.csv") });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="Term-3-applications.csv"');
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "applied_at,discord_id,name,role,gender,single_gender_group,areas,interests,experience,employer,goals,state",
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(
      ",Aisha Rahman,mentor,female,no,career;growth,,senior,'=HYPERLINK(1),,submitted",
    );
  });
});

describe(`importing a survey export (${testDatabaseKind()})`, () => {
  const csv = [
    "Timestamp,Discord user id,Full name,I want to be a,Gender,Areas,Stage",
    "2019-08-01T10:00:00Z,300000000000000011,Farah,Mentee,Woman,Career coaching and guidance,student",
    "2019-08-01T11:00:00Z,12345,Gopal,Mentee,Man,Professional growth,junior",
    "2019-08-01T12:00:00Z,300000000000000013,Hana,Mentor,Female,Work-related / technical skills,lead",
  ].join("\n");
  const mapping = {
    userId: "Discord user id",
    displayName: "Full name",
    role: "I want to be a",
    gender: "Gender",
    areas: "Areas",
    experience: "Stage",
    appliedAt: "Timestamp",
  };

  it("previews each row's problems and writes nothing, then imports the valid rows", async () => {
    const preview = await as({ method: "POST", url: `${url}/import/preview`, payload: { csv, mapping } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ validRows: 2, invalidRows: 1 });
    expect(preview.json().rows[1]).toEqual({
      line: 3,
      userId: "12345",
      displayName: "Gopal",
      valid: false,
      problems: [{ field: "userId", message: "must be a Discord user id (15 to 21 digits)" }],
    });
    expect(await names("")).toHaveLength(4);

    const committed = await as({ method: "POST", url: `${url}/import`, payload: { csv, mapping } });
    expect(committed.json()).toMatchObject({ imported: 2, skipped: 1 });
    expect(await names("")).toEqual(["Farah", "Hana", "Aisha Rahman", "Ben Tan", "Chloe Ng", "Dev Rao"]);
    const audit = await as({
      method: "GET",
      url: `/api/communities/${c.guildId}/audit?action=applications.imported`,
    });
    expect(audit.json().entries).toHaveLength(1);
    expect(audit.json().entries[0]).toMatchObject({
      actorUserId: c.organiser.userId,
      details: { imported: 2 },
    });
  });

  it("names a mapping to a column the file lacks, and a mapping field that does not exist", async () => {
    const bad = await as({
      method: "POST",
      url: `${url}/import/preview`,
      payload: { csv, mapping: { ...mapping, gender: "Sex" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toEqual([
      { field: "mapping.gender", message: 'the file has no column "Sex"' },
    ]);
    const unknown = await as({
      method: "POST",
      url: `${url}/import/preview`,
      payload: { csv, mapping: { ...mapping, shoeSize: "Size" } },
    });
    expect(unknown.json().problems).toEqual([{ field: "mapping.shoeSize", message: "is not a known field" }]);
  });
});
