import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { CohortState } from "../db/schema.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationService } from "./application.service.ts";
import {
  ApplicationImportService,
  IMPORT_FIELDS,
  type ImportField,
  type ImportInput,
  type ImportMapping,
} from "./application-import.service.ts";
import type { ApplicationDetails } from "./application-input.ts";

let handle: DatabaseHandle;
let guildId: string;
let otherGuildId: string;
let memberIds: string[];
/** An open cohort for previews, which write nothing. */
let previewCohortId: string;
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
  ({ guildId, otherGuildId, memberIds } = await twoCommunities(handle.db, 1));
  previewCohortId = await cohortIn("applications_open");
});
afterAll(() => handle.close());

const imports = () => new ApplicationImportService(handle.db);

let n = 0;
/** A new cohort of the guild (the first community unless told), moved on to the given state. */
async function cohortIn(state: keyof typeof PATHS, guild = guildId) {
  n += 1;
  const cohorts = new CohortService(handle.db);
  const cohort = await cohorts.create(guild, { name: `Import ${n}` }, organiser);
  for (const next of PATHS[state]) await cohorts.changeState(guild, cohort.id, next, organiser);
  return cohort.id;
}
/** The changes of state that lead a new cohort to each state. */
const PATHS = {
  draft: [],
  applications_open: ["applications_open"],
  matching: ["applications_open", "matching"],
  published: ["applications_open", "matching", "published"],
  cancelled: ["cancelled"],
} satisfies Record<string, CohortState[]>;

const csv = (...rows: string[]) => [HEADER, ...rows].join("\r\n");
const GOOD_1 =
  '2019-08-01T10:00:00Z,300000000000000001,Aisha,Mentee,Woman,yes,"Career coaching and guidance; Professional growth",junior,Acme';
const GOOD_2 = "2019-08-02T10:00:00Z,300000000000000002,Ben,mentor,male,no,technical,senior,";
const NO_ID = "2019-08-03T10:00:00Z,not-an-id,Chen,mentee,female,no,growth,student,";
const BAD_FIELDS = "yesterday,300000000000000004,Dev,teacher,male,maybe,cooking,guru,";

const ID_PROBLEM = { field: "userId", message: "must be a Discord user id (15 to 21 digits)" };

// Rows of every field, each column named as its field: `row({ gender: "F" })` is a good row but for
// what it names. Cells are quoted, so they may hold commas.
const ALL_FIELDS: ImportMapping = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, field]));
const GOOD: Record<ImportField, string> = {
  userId: "300000000000000001",
  displayName: "Aisha",
  role: "mentee",
  gender: "female",
  singleGenderGroup: "no",
  areas: "growth",
  interests: "",
  experience: "junior",
  employer: "",
  goals: "",
  appliedAt: "",
};
const row = (fields: Partial<Record<ImportField, string>> = {}) =>
  IMPORT_FIELDS.map((field) => `"${(fields[field] ?? GOOD[field]).replaceAll('"', '""')}"`).join(",");
/** A distinct Discord user id per number. */
const userId = (i: number) => `3100000000${String(i).padStart(8, "0")}`;

/** The preview of rows of every field, under ALL_FIELDS unless told another mapping. */
async function previewOf(lines: string[], input: Partial<ImportInput> = {}) {
  return imports().preview(guildId, previewCohortId, {
    csv: [IMPORT_FIELDS.join(","), ...lines].join("\n"),
    mapping: ALL_FIELDS,
    ...input,
  });
}

/** Each row's value of one detail, or its problems when it has any. */
async function detailsOf(field: keyof ApplicationDetails, lines: string[]) {
  const { rows } = await previewOf(lines);
  return rows.map((r) => (r.valid ? r.details?.[field] : r.problems));
}

/** The error the attempt fails with (and fails the test if it succeeds). */
async function refusal(attempt: () => Promise<unknown>) {
  return attempt().then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => e,
  );
}

describe(`importing applications from a CSV (${testDatabaseKind()})`, () => {
  it("previews every row with its problems and writes nothing", async () => {
    const preview = await imports().preview(guildId, previewCohortId, {
      csv: csv(GOOD_1, GOOD_2, NO_ID, BAD_FIELDS),
      mapping,
    });
    expect(preview.columns).toEqual(HEADER.split(","));
    expect(preview.validRows).toBe(2);
    expect(preview.invalidRows).toBe(2);
    expect(preview.rows[0]).toEqual({
      line: 2,
      userId: "300000000000000001",
      displayName: "Aisha",
      valid: true,
      problems: [],
      details: {
        role: "mentee",
        gender: "female",
        singleGenderGroup: true,
        areas: ["career", "growth"],
        interests: [],
        experience: "junior",
        employer: "Acme",
        goals: null,
      },
      appliedAt: new Date("2019-08-01T10:00:00Z"),
    });
    // A bad id alone makes the row invalid: its details are not offered.
    expect(preview.rows[2]).toMatchObject({ line: 4, userId: "not-an-id", valid: false, details: null });
    expect(preview.rows[2]?.problems).toEqual([ID_PROBLEM]);
    expect(preview.rows[3]).toMatchObject({ line: 5, valid: false, details: null, appliedAt: null });
    expect(preview.rows[3]?.problems).toEqual([
      { field: "appliedAt", message: "must be a date and time such as 2019-08-01T10:00:00Z" },
      { field: "role", message: "must be one of mentor, mentee" },
      { field: "singleGenderGroup", message: "must be true or false" },
      { field: "areas", message: "unknown area cooking; choose from career, growth, technical" },
      { field: "experience", message: "must be one of student, junior, mid, senior, lead" },
    ]);
    expect(await new ApplicationService(handle.db).list(guildId, previewCohortId)).toEqual([]);
  });

  it("commits all valid rows in one go, creating the members, and audits it", async () => {
    const cohortId = await cohortIn("applications_open");
    const before = Date.now();
    const outcome = await imports().commit(
      guildId,
      cohortId,
      {
        csv: [
          IMPORT_FIELDS.join(","),
          row({ appliedAt: "2019-08-01T10:00:00Z", interests: "Rust", goals: "Lead a team" }),
          row({ userId: "x" }),
          row({ userId: userId(2), displayName: "", role: "mentor" }),
        ].join("\n"),
        mapping: ALL_FIELDS,
      },
      organiser,
    );
    const after = Date.now();
    const { items: listed } = await new ApplicationService(handle.db).search(guildId, cohortId, {});
    expect(listed.map((a) => [a.userId, a.displayName, a.role, a.interests, a.goals])).toEqual([
      ["300000000000000001", "Aisha", "mentee", ["rust"], "Lead a team"],
      [userId(2), "Member …0002", "mentor", [], null],
    ]);
    expect(listed[0]?.appliedAt).toEqual(new Date("2019-08-01T10:00:00Z"));
    // No time in the file: the application is dated by the import.
    expect(listed[1]?.appliedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(listed[1]?.appliedAt.getTime()).toBeLessThanOrEqual(after + 1000);
    expect(outcome).toMatchObject({ imported: 2, skipped: 1, applicationIds: listed.map((a) => a.id) });
    expect(outcome.preview).toMatchObject({ validRows: 2, invalidRows: 1 });
    const joined = await handle.db
      .selectFrom("community_members")
      .select("guild_id")
      .where("user_id", "in", ["300000000000000001", userId(2)])
      .execute();
    expect(joined).toEqual([{ guild_id: guildId }, { guild_id: guildId }]);
    const audit = await handle.db
      .selectFrom("audit_log")
      .select(["guild_id", "actor_user_id", "entity_type", "details"])
      .where("action", "=", "applications.imported")
      .where("entity_id", "=", cohortId)
      .execute();
    expect(audit).toEqual([
      {
        guild_id: guildId,
        actor_user_id: organiser.userId,
        entity_type: "cohort",
        details: { imported: 2, skipped: 1, applicationIds: outcome.applicationIds },
      },
    ]);
  });

  it("refuses a person twice in the file, naming the first line, and a person who applied already", async () => {
    const cohortId = await cohortIn("applications_open");
    await imports().commit(guildId, cohortId, { csv: csv(GOOD_1), mapping }, organiser);
    const again = await imports().preview(guildId, cohortId, {
      csv: csv(GOOD_1, GOOD_2, GOOD_2, GOOD_2, NO_ID, NO_ID, GOOD_1),
      mapping,
    });
    const userIdProblem = (message: string) => [{ field: "userId", message }];
    expect(again.rows.map((r) => r.problems)).toEqual([
      userIdProblem("has applied to this cohort already"),
      [],
      userIdProblem("appears already on line 3"),
      userIdProblem("appears already on line 3"),
      [ID_PROBLEM],
      [ID_PROBLEM],
      userIdProblem("appears already on line 2"),
    ]);
  });

  it("counts neither a withdrawn application nor one to another community's cohort as applied", async () => {
    const cohortId = await cohortIn("applications_open");
    const elsewhere = await cohortIn("applications_open", otherGuildId);
    const first = await imports().commit(guildId, cohortId, { csv: csv(GOOD_1), mapping }, organiser);
    await imports().commit(otherGuildId, elsewhere, { csv: csv(GOOD_2), mapping }, organiser);
    await new ApplicationService(handle.db).withdraw(guildId, first.applicationIds[0]!, "300000000000000001");
    const again = await imports().preview(guildId, cohortId, { csv: csv(GOOD_1, GOOD_2), mapping });
    expect(again.rows.map((r) => r.problems)).toEqual([[], []]);
    expect(again.validRows).toBe(2);
  });

  it("refuses a name longer than the database allows, and keeps the other rows", async () => {
    const cohortId = await cohortIn("applications_open");
    const long = `2019-08-01T10:00:00Z,${memberIds[0]},${"x".repeat(101)},mentee,female,no,growth,student,`;
    const outcome = await imports().commit(guildId, cohortId, { csv: csv(long, GOOD_2), mapping }, organiser);
    expect(outcome.preview.rows[0]?.problems).toEqual([
      { field: "displayName", message: "must be at most 100 characters" },
    ]);
    expect(outcome).toMatchObject({ imported: 1, skipped: 1 });
  });

  it("takes a name of 100 characters, and no name as none", async () => {
    const { rows } = await previewOf([
      row({ displayName: "x".repeat(100) }),
      row({ userId: userId(1), displayName: " " }),
    ]);
    expect(rows.map((r) => [r.valid, r.displayName])).toEqual([
      [true, "x".repeat(100)],
      [true, null],
    ]);
  });

  it("reads the time each person applied, and refuses what is not a time", async () => {
    const { rows } = await previewOf([
      row({ appliedAt: "2019-08-01T10:00:00Z" }),
      row({ userId: userId(1), appliedAt: "" }),
      row({ userId: userId(2), appliedAt: "soon" }),
    ]);
    expect(rows.map((r) => [r.appliedAt, r.problems])).toEqual([
      [new Date("2019-08-01T10:00:00Z"), []],
      [null, []],
      [null, [{ field: "appliedAt", message: "must be a date and time such as 2019-08-01T10:00:00Z" }]],
    ]);
  });

  it("reads the survey's words for a gender, whatever their case", async () => {
    const words: Array<[string, string]> = [
      ["FEMALE", "female"],
      ["Woman", "female"],
      ["f", "female"],
      ["Male", "male"],
      ["man", "male"],
      ["M", "male"],
      ["Nonbinary", "nonbinary"],
      ["Non-binary", "nonbinary"],
      ["Prefer not to say", "unstated"],
      ["UNSTATED", "unstated"],
      ["", "unstated"],
    ];
    const genders = await detailsOf(
      "gender",
      words.map(([gender], i) => row({ userId: userId(i), gender })),
    );
    expect(genders).toEqual(words.map(([, gender]) => gender));
    expect(await detailsOf("gender", [row({ gender: "robot" })])).toEqual([
      [{ field: "gender", message: "must be one of female, male, nonbinary, unstated" }],
    ]);
  });

  it("reads yes and no for a single-gender group, and no answer (or no column) as no", async () => {
    const words: Array<[string, boolean]> = [
      ["Yes", true],
      ["y", true],
      ["TRUE", true],
      ["1", true],
      ["No", false],
      ["N", false],
      ["false", false],
      ["0", false],
      ["", false],
    ];
    const answers = await detailsOf(
      "singleGenderGroup",
      words.map(([singleGenderGroup], i) => row({ userId: userId(i), singleGenderGroup })),
    );
    expect(answers).toEqual(words.map(([, yes]) => yes));
    expect(await detailsOf("singleGenderGroup", [row({ singleGenderGroup: "maybe" })])).toEqual([
      [{ field: "singleGenderGroup", message: "must be true or false" }],
    ]);
    const { rows } = await previewOf([row({ singleGenderGroup: "yes" })], {
      mapping: { ...ALL_FIELDS, singleGenderGroup: undefined },
    });
    expect(rows[0]?.details?.singleGenderGroup).toBe(false);
  });

  it("reads areas by their names or the survey's phrases, in lists split by ; , or |", async () => {
    const answers: Array<[string, string[]]> = [
      ["Career coaching and guidance; Professional growth", ["career", "growth"]],
      ["GROWTH|career", ["career", "growth"]],
      ["Technical", ["technical"]],
      ["Work-related advice", ["technical"]],
      ["Soft skills, growth", ["growth", "technical"]],
      [" career ;; technical ", ["career", "technical"]],
    ];
    const areas = await detailsOf(
      "areas",
      answers.map(([areas], i) => row({ userId: userId(i), areas })),
    );
    expect(areas).toEqual(answers.map(([, areas]) => areas));
    expect(
      await detailsOf("areas", [
        row({ areas: " growth ; cooking " }),
        row({ userId: userId(1), areas: " " }),
      ]),
    ).toEqual([
      [{ field: "areas", message: "unknown area cooking; choose from career, growth, technical" }],
      [{ field: "areas", message: "choose at least one of career, growth, technical" }],
    ]);
  });

  it("reads interests as a list, and the employer and goals as text", async () => {
    const { rows } = await previewOf([
      row({ interests: "Rust; TypeScript, Go | SQL;;", employer: "Acme", goals: "Lead a team" }),
      row({ userId: userId(1) }),
    ]);
    expect(rows.map((r) => [r.details?.interests, r.details?.employer, r.details?.goals])).toEqual([
      [["rust", "typescript", "go", "sql"], "Acme", "Lead a team"],
      [[], null, null],
    ]);
    const unmapped = await previewOf([row({ interests: "Rust", employer: "Acme", goals: "Lead" })], {
      mapping: { ...ALL_FIELDS, interests: undefined, employer: "", goals: undefined },
    });
    expect(unmapped.rows[0]?.details).toMatchObject({ interests: [], employer: null, goals: null });
  });

  it("trims the headers, the mapping's column names and the cells, and reads a short row's missing cells as empty", async () => {
    const preview = await imports().preview(guildId, previewCohortId, {
      csv: [
        " Discord ID , Role,Gender ,Areas,Experience,Employer",
        " 300000000000000001 , Mentor , M , Technical , SENIOR ",
      ].join("\n"),
      mapping: {
        userId: "Discord ID",
        role: " Role ",
        gender: "Gender",
        areas: "Areas",
        experience: "Experience",
        employer: "Employer",
      },
    });
    expect(preview.columns).toEqual(["Discord ID", "Role", "Gender", "Areas", "Experience", "Employer"]);
    expect(preview.rows[0]).toMatchObject({
      userId: "300000000000000001",
      valid: true,
      details: { role: "mentor", gender: "male", areas: ["technical"], experience: "senior", employer: null },
    });
  });

  it("names every unmapped required field and every missing column, and ignores optional fields left out", async () => {
    const error = await refusal(() => previewOf([row()], { mapping: { employer: "" } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual(
      ["userId", "role", "gender", "areas", "experience"].map((field) => ({
        field: `mapping.${field}`,
        message: "choose the column that holds it",
      })),
    );
    const missing = await refusal(() =>
      imports().preview(guildId, previewCohortId, {
        csv: csv(GOOD_1),
        mapping: { ...mapping, role: "", gender: "Sex", goals: "Goals" },
      }),
    );
    expect((missing as ValidationError).problems).toEqual([
      { field: "mapping.role", message: "choose the column that holds it" },
      { field: "mapping.gender", message: 'the file has no column "Sex"' },
      { field: "mapping.goals", message: 'the file has no column "Goals"' },
    ]);
    const required = {
      userId: "userId",
      role: "role",
      gender: "gender",
      areas: "areas",
      experience: "experience",
    };
    const { rows } = await previewOf([row()], { mapping: required });
    expect(rows[0]).toMatchObject({ valid: true, displayName: null, appliedAt: null });
  });

  it("refuses an empty file", async () => {
    for (const empty of ["", "\r\n\n"]) {
      const error = await refusal(() => imports().preview(guildId, previewCohortId, { csv: empty, mapping }));
      expect((error as ValidationError).problems).toEqual([{ field: "csv", message: "the file is empty" }]);
    }
  });

  it("takes at most 5000 rows in one import", async () => {
    const lines = (count: number) => Array.from({ length: count }, () => "x");
    const most = await previewOf(lines(5000));
    expect([most.rows.length, most.invalidRows, most.validRows]).toEqual([5000, 5000, 0]);
    const error = await refusal(() => previewOf(lines(5001)));
    expect((error as ValidationError).problems).toEqual([
      { field: "csv", message: "at most 5000 rows per import" },
    ]);
  });

  it("imports into a cohort only before it is published", async () => {
    for (const state of ["draft", "applications_open", "matching"] as const) {
      const cohortId = await cohortIn(state);
      const outcome = await imports().commit(guildId, cohortId, { csv: csv(GOOD_1), mapping }, organiser);
      expect([state, outcome.imported]).toEqual([state, 1]);
    }
    for (const state of ["published", "cancelled"] as const) {
      const cohortId = await cohortIn(state);
      const { name } = (await new CohortService(handle.db).get(guildId, cohortId))!;
      const message = `${name} is ${state}: applications can be imported only before publishing.`;
      for (const attempt of [
        () => imports().preview(guildId, cohortId, { csv: csv(GOOD_1), mapping }),
        () => imports().commit(guildId, cohortId, { csv: csv(GOOD_1), mapping }, organiser),
      ]) {
        const error = await refusal(attempt);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).message).toBe(message);
      }
    }
  });

  it("finds no cohort of another community", async () => {
    const elsewhere = await cohortIn("applications_open", otherGuildId);
    for (const attempt of [
      () => imports().preview(guildId, elsewhere, { csv: csv(GOOD_1), mapping }),
      () => imports().commit(guildId, elsewhere, { csv: csv(GOOD_1), mapping }, organiser),
    ]) {
      const error = await refusal(attempt);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe(`No cohort ${elsewhere} here.`);
    }
    expect(await new ApplicationService(handle.db).list(otherGuildId, elsewhere)).toEqual([]);
  });
});
