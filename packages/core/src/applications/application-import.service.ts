import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import { parseCsv } from "../csv/csv.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/executor.ts";
import type { CohortState } from "../db/schema.ts";
import { ConflictError, NotFoundError, type Problem, ValidationError } from "../errors.ts";
import type { Area } from "../matching/types.ts";
import { MemberRepository } from "../members/member.repository.ts";
import { isDiscordId } from "../validation.ts";
import { ApplicationRepository } from "./application.repository.ts";
import { type ApplicationDetails, parseApplicationDetails } from "./application-input.ts";

// Importing a survey export (CSV) as applications, in two steps: a preview that writes nothing and
// reports every row's problems, then a commit that writes all the valid rows in one transaction.
// Rules: each row needs a Discord user id (15 to 21 digits), since every applicant is a member of the
// guild; a person appears once per file and must not already have a live application in the cohort;
// the organiser vouches for the code of conduct (the survey asks for it), so it is not checked here.

export const IMPORT_FIELDS = [
  "userId",
  "displayName",
  "role",
  "gender",
  "singleGenderGroup",
  "areas",
  "interests",
  "experience",
  "employer",
  "goals",
  "appliedAt",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: readonly ImportField[] = ["userId", "role", "gender", "areas", "experience"];

/** Field → the CSV column (its header) that holds it. */
export type ImportMapping = Partial<Record<ImportField, string>>;

export interface ImportInput {
  csv: string;
  mapping: ImportMapping;
}

export interface ImportRow {
  /** The line of the file (the header is line 1). */
  line: number;
  userId: string;
  displayName: string | null;
  valid: boolean;
  problems: Problem[];
  details: ApplicationDetails | null;
  appliedAt: Date | null;
}

export interface ImportPreview {
  columns: string[];
  rows: ImportRow[];
  validRows: number;
  invalidRows: number;
}

/** Imports happen before groups are published. */
const IMPORTABLE: readonly CohortState[] = ["draft", "applications_open", "matching"];
const MAX_ROWS = 5000;

export class ApplicationImportService {
  constructor(private readonly db: Database) {}

  /** Checks every row; writes nothing. */
  async preview(guildId: string, cohortId: string, input: ImportInput): Promise<ImportPreview> {
    await requireImportableCohort(this.db, guildId, cohortId);
    return checkRows(this.db, guildId, cohortId, input);
  }

  /** Writes every valid row (skipping the others) in one transaction, and audits the import. */
  async commit(guildId: string, cohortId: string, input: ImportInput, actor: Actor) {
    return this.db.transaction().execute(async (trx) => {
      await requireImportableCohort(trx, guildId, cohortId);
      const preview = await checkRows(trx, guildId, cohortId, input);
      const valid = preview.rows.filter((row) => row.valid);
      const members = new MemberRepository(trx);
      const applications = new ApplicationRepository(trx);
      const ids: string[] = [];
      for (const row of valid) {
        await members.ensureImported(guildId, row.userId, row.displayName);
        const application = await applications.insert(guildId, cohortId, row.userId, row.details!, {
          appliedAt: row.appliedAt ?? undefined,
        });
        ids.push(application.id);
      }
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "applications.imported",
        entityType: "cohort",
        entityId: cohortId,
        details: { imported: valid.length, skipped: preview.invalidRows, applicationIds: ids },
      });
      return { imported: valid.length, skipped: preview.invalidRows, applicationIds: ids, preview };
    });
  }
}

async function requireImportableCohort(db: Executor, guildId: string, cohortId: string) {
  const cohort = await new CohortRepository(db).get(guildId, cohortId);
  if (!cohort) throw new NotFoundError("cohort", cohortId);
  if (!IMPORTABLE.includes(cohort.state))
    throw new ConflictError(
      `${cohort.name} is ${cohort.state}: applications can be imported only before publishing.`,
    );
  return cohort;
}

async function checkRows(
  db: Executor,
  guildId: string,
  cohortId: string,
  input: ImportInput,
): Promise<ImportPreview> {
  const [header, ...lines] = parseCsv(input.csv);
  if (!header) throw new ValidationError([{ field: "csv", message: "the file is empty" }]);
  if (lines.length > MAX_ROWS)
    throw new ValidationError([{ field: "csv", message: `at most ${MAX_ROWS} rows per import` }]);
  const columns = header.map((h) => h.trim());
  const index = mappingIndex(columns, input.mapping);
  const live = new Set(
    (await new ApplicationRepository(db).list(guildId, cohortId))
      .filter((a) => a.state !== "withdrawn")
      .map((a) => a.userId),
  );
  const seen = new Map<string, number>();
  const rows = lines.map((cells, i): ImportRow => {
    const line = i + 2;
    // An unmapped field reads as an empty cell, as does a cell missing from a short row.
    const cell = (field: ImportField) => (cells[index[field] ?? -1] ?? "").trim();
    const problems: Problem[] = [];
    const userId = cell("userId");
    if (!isDiscordId(userId))
      problems.push({ field: "userId", message: "must be a Discord user id (15 to 21 digits)" });
    else if (seen.has(userId))
      problems.push({ field: "userId", message: `appears already on line ${seen.get(userId)}` });
    else {
      seen.set(userId, line);
      if (live.has(userId)) problems.push({ field: "userId", message: "has applied to this cohort already" });
    }
    const displayName = cell("displayName") || null;
    if (displayName !== null && displayName.length > 100)
      problems.push({ field: "displayName", message: "must be at most 100 characters" });
    let appliedAt: Date | null = null;
    const appliedText = cell("appliedAt");
    if (appliedText) {
      appliedAt = new Date(appliedText);
      if (Number.isNaN(appliedAt.getTime())) {
        problems.push({
          field: "appliedAt",
          message: "must be a date and time such as 2019-08-01T10:00:00Z",
        });
        appliedAt = null;
      }
    }
    let details: ApplicationDetails | null = null;
    try {
      details = parseApplicationDetails({
        role: cell("role").toLowerCase(),
        gender: gender(cell("gender")),
        singleGenderGroup: yesNo(cell("singleGenderGroup")),
        areas: areas(cell("areas")),
        interests: list(cell("interests")),
        experience: cell("experience").toLowerCase(),
        employer: cell("employer") || null,
        goals: cell("goals") || null,
      });
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: parseApplicationDetails throws only ValidationError; a rethrow would surface a bug.
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.problems);
    }
    const valid = problems.length === 0;
    return { line, userId, displayName, valid, problems, details: valid ? details : null, appliedAt };
  });
  const validRows = rows.filter((r) => r.valid).length;
  return { columns, rows, validRows, invalidRows: rows.length - validRows };
}

/** Field → column index; every required field mapped, every mapped column present. */
function mappingIndex(columns: string[], mapping: ImportMapping): Partial<Record<ImportField, number>> {
  const problems: Problem[] = [];
  const index: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field];
    if (column === undefined || column === "") {
      if (REQUIRED.includes(field))
        problems.push({ field: `mapping.${field}`, message: "choose the column that holds it" });
      continue;
    }
    const at = columns.indexOf(column.trim());
    if (at < 0) problems.push({ field: `mapping.${field}`, message: `the file has no column "${column}"` });
    else index[field] = at;
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return index;
}

/** The survey's other words for a gender (lower case); the matching's own words stand for themselves. */
const GENDER_WORDS: Record<string, string> = {
  woman: "female",
  f: "female",
  man: "male",
  m: "male",
  "non-binary": "nonbinary",
  "prefer not to say": "unstated",
  "": "unstated",
};

function gender(value: string): string {
  const word = value.toLowerCase();
  return GENDER_WORDS[word] ?? word;
}

function yesNo(value: string): unknown {
  if (value === "") return false;
  const word = value.toLowerCase();
  if (["yes", "y", "true", "1"].includes(word)) return true;
  if (["no", "n", "false", "0"].includes(word)) return false;
  return value;
}

function list(value: string): string[] {
  return value
    .split(/[;,|]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Areas by keyword, as survey answers phrase them ("Career coaching and guidance; Professional growth"). */
const AREA_WORDS: Array<[RegExp, Area]> = [
  [/career/i, "career"],
  [/growth/i, "growth"],
  [/technical|work-related|skills/i, "technical"],
];

/** An area's own name matches its keyword too. */
function areas(value: string): unknown[] {
  return list(value).map((item) => AREA_WORDS.find(([pattern]) => pattern.test(item))?.[1] ?? item);
}
