import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { createTestCommunity } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationService } from "./application.service.ts";
import { ApplicationImportService, type ImportMapping } from "./application-import.service.ts";

let handle: DatabaseHandle;
let guildId: string;
let memberIds: string[];
const organiser = { userId: "200000000000000001" };
const mapping: ImportMapping = {
  userId: "Discord ID",
  displayName: "Name",
  role: "Role",
  gender: "Gender",
  singleGenderGroup: "Women-only group?",
  areas: "Areas",
  experience: "Experience",
  employer: "Employer",
  appliedAt: "Timestamp",
};
const HEADER = "Timestamp,Discord ID,Name,Role,Gender,Women-only group?,Areas,Experience,Employer";

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ guildId, memberIds } = await createTestCommunity(handle.db, 1));
});
afterAll(() => handle.close());

let n = 0;
async function openCohort() {
  n += 1;
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guildId, { name: `Import ${n}` }, organiser);
  await cohorts.changeState(guildId, cohort.id, "applications_open", organiser);
  return cohort.id;
}

const csv = (...rows: string[]) => [HEADER, ...rows].join("\r\n");
const GOOD_1 =
  '2019-08-01T10:00:00Z,300000000000000001,Aisha,Mentee,Woman,yes,"Career coaching and guidance; Professional growth",junior,Acme';
const GOOD_2 = "2019-08-02T10:00:00Z,300000000000000002,Ben,mentor,male,no,technical,senior,";
const NO_ID = "2019-08-03T10:00:00Z,not-an-id,Chen,mentee,female,no,growth,student,";
const BAD_FIELDS = "yesterday,300000000000000004,Dev,teacher,male,maybe,cooking,guru,";

describe(`importing applications from a CSV (${testDatabaseKind()})`, () => {
  it("previews every row with its problems and writes nothing", async () => {
    const cohortId = await openCohort();
    const imports = new ApplicationImportService(handle.db);
    const preview = await imports.preview(guildId, cohortId, {
      csv: csv(GOOD_1, GOOD_2, NO_ID, BAD_FIELDS),
      mapping,
    });
    expect(preview.validRows).toBe(2);
    expect(preview.invalidRows).toBe(2);
    expect(preview.rows[0]).toMatchObject({
      line: 2,
      valid: true,
      details: { role: "mentee", gender: "female", singleGenderGroup: true, areas: ["career", "growth"] },
    });
    expect(preview.rows[2]?.problems).toEqual([
      { field: "userId", message: expect.stringMatching(/Discord user id/) },
    ]);
    expect(preview.rows[3]?.problems.map((p) => p.field).sort()).toEqual(
      ["appliedAt", "areas", "experience", "role", "singleGenderGroup"].sort(),
    );
    expect(await new ApplicationService(handle.db).list(guildId, cohortId)).toEqual([]);
  });

  it("commits all valid rows in one go, creating the members, and audits it", async () => {
    const cohortId = await openCohort();
    const imports = new ApplicationImportService(handle.db);
    const outcome = await imports.commit(
      guildId,
      cohortId,
      { csv: csv(GOOD_1, NO_ID, GOOD_2), mapping },
      organiser,
    );
    expect(outcome).toMatchObject({ imported: 2, skipped: 1 });
    const { items: listed } = await new ApplicationService(handle.db).search(guildId, cohortId, {});
    expect(listed.map((a) => [a.userId, a.displayName, a.role, a.appliedAt.toISOString()])).toEqual([
      ["300000000000000001", "Aisha", "mentee", "2019-08-01T10:00:00.000Z"],
      ["300000000000000002", "Ben", "mentor", "2019-08-02T10:00:00.000Z"],
    ]);
    const audit = await handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "applications.imported")
      .where("entity_id", "=", cohortId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: organiser.userId, details: { imported: 2, skipped: 1 } });
  });

  it("refuses a person twice in the file and a person who applied already", async () => {
    const cohortId = await openCohort();
    const imports = new ApplicationImportService(handle.db);
    await imports.commit(guildId, cohortId, { csv: csv(GOOD_1), mapping }, organiser);
    const again = await imports.preview(guildId, cohortId, { csv: csv(GOOD_1, GOOD_2, GOOD_2), mapping });
    expect(again.rows.map((r) => r.problems.map((p) => p.message))).toEqual([
      ["has applied to this cohort already"],
      [],
      ["appears already on line 3"],
    ]);
  });

  it("refuses a name longer than the database allows, and keeps the other rows", async () => {
    const cohortId = await openCohort();
    const imports = new ApplicationImportService(handle.db);
    const long = `2019-08-01T10:00:00Z,${memberIds[0]},${"x".repeat(101)},mentee,female,no,growth,student,`;
    const outcome = await imports.commit(guildId, cohortId, { csv: csv(long, GOOD_2), mapping }, organiser);
    expect(outcome.preview.rows[0]?.problems).toEqual([
      { field: "displayName", message: "must be at most 100 characters" },
    ]);
    expect(outcome).toMatchObject({ imported: 1, skipped: 1 });
  });

  it("names unmapped required fields and missing columns", async () => {
    const cohortId = await openCohort();
    const imports = new ApplicationImportService(handle.db);
    const error = await imports
      .preview(guildId, cohortId, {
        csv: csv(GOOD_1),
        mapping: { ...mapping, role: undefined, gender: "Sex" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { field: "mapping.role", message: "choose the column that holds it" },
      { field: "mapping.gender", message: 'the file has no column "Sex"' },
    ]);
  });

  it("refuses an import once the cohort is published", async () => {
    const cohortId = await openCohort();
    const cohorts = new CohortService(handle.db);
    await cohorts.changeState(guildId, cohortId, "matching", organiser);
    await cohorts.changeState(guildId, cohortId, "published", organiser);
    await expect(
      new ApplicationImportService(handle.db).preview(guildId, cohortId, { csv: csv(GOOD_1), mapping }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
