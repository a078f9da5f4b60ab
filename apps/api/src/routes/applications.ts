import {
  ApplicationImportService,
  type ApplicationListItem,
  ApplicationService,
  CohortService,
  IMPORT_FIELDS,
  type ImportPreview,
  toCsv,
} from "@circles/core";
import { AREAS, EXPERIENCE_STAGES, GENDERS, ROLES } from "@circles/core/matching";
import { type FastifyPluginAsyncTypebox, type Static, Type } from "@fastify/type-provider-typebox";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, Nullable, Snowflake, Uuid } from "../schemas.ts";

const STATES = ["submitted", "withdrawn", "placed", "waitlisted", "declined"] as const;
const Application = Type.Object({
  id: Uuid,
  userId: Snowflake,
  displayName: Type.String(),
  role: Type.Enum([...ROLES]),
  gender: Type.Enum([...GENDERS]),
  singleGenderGroup: Type.Boolean(),
  areas: Type.Array(Type.Enum([...AREAS])),
  interests: Type.Array(Type.String()),
  experience: Type.Enum([...EXPERIENCE_STAGES]),
  employer: Nullable(Type.String()),
  goals: Nullable(Type.String()),
  state: Type.Enum([...STATES]),
  appliedAt: DateTime,
  withdrawnAt: Nullable(DateTime),
});
const Filters = Type.Object(
  {
    role: Type.Optional(Type.Enum([...ROLES])),
    state: Type.Optional(Type.Enum([...STATES])),
    gender: Type.Optional(Type.Enum([...GENDERS])),
    area: Type.Optional(Type.Enum([...AREAS])),
    q: Type.Optional(
      Type.String({ maxLength: 100, description: "part of a name or employer, or a Discord id" }),
    ),
    sort: Type.Optional(Type.Enum(["appliedAt", "name", "role", "state", "gender"])),
    order: Type.Optional(Type.Enum(["asc", "desc"])),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 5000, description: "a page of at most this many" }),
    ),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
const Tally = Type.Record(Type.String(), Type.Integer());
const Counts = Type.Object({
  total: Type.Integer(),
  byRole: Tally,
  byGender: Tally,
  byArea: Tally,
  byState: Tally,
});
const ImportBody = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: 5_000_000, description: "the whole CSV file, header first" }),
    mapping: Type.Object(
      Object.fromEntries(
        IMPORT_FIELDS.map((field) => [field, Type.Optional(Type.String({ maxLength: 200 }))]),
      ),
      { additionalProperties: false, description: "field → the CSV column (header) holding it" },
    ),
  },
  { additionalProperties: false },
);
const Problem = Type.Object({ field: Type.String(), message: Type.String() });
const Preview = Type.Object({
  columns: Type.Array(Type.String()),
  validRows: Type.Integer(),
  invalidRows: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      userId: Type.String(),
      displayName: Nullable(Type.String()),
      valid: Type.Boolean(),
      problems: Type.Array(Problem),
    }),
  ),
});

/** The table's query as the service's search. */
const searchOf = ({ state, q, ...rest }: Static<typeof Filters>) => ({
  ...rest,
  states: state ? [state] : undefined,
  text: q,
});

const toApplication = (a: ApplicationListItem) => ({
  id: a.id,
  userId: a.userId,
  displayName: a.displayName,
  role: a.role,
  gender: a.gender,
  singleGenderGroup: a.singleGenderGroup,
  areas: a.areas,
  interests: a.interests,
  experience: a.experience,
  employer: a.employer,
  goals: a.goals,
  state: a.state,
  appliedAt: a.appliedAt.toISOString(),
  withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
});
const toPreview = (p: ImportPreview) => ({
  columns: p.columns,
  validRows: p.validRows,
  invalidRows: p.invalidRows,
  rows: p.rows.map((r) => ({
    line: r.line,
    userId: r.userId,
    displayName: r.displayName,
    valid: r.valid,
    problems: r.problems,
  })),
});

const CSV_COLUMNS = [
  "applied_at",
  "discord_id",
  "name",
  "role",
  "gender",
  "single_gender_group",
  "areas",
  "interests",
  "experience",
  "employer",
  "goals",
  "state",
] as const;

/** A cohort's applications: the table, its counts, CSV export, and CSV import (preview, then commit). */
export const applicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const applications = new ApplicationService(app.database.db);
  const imports = new ApplicationImportService(app.database.db);
  const cohorts = new CohortService(app.database.db);

  app.get(
    "/cohorts/:cohortId/applications",
    {
      schema: {
        tags: ["applications"],
        summary: "Applications, filtered, searched and sorted (default: in the order they came)",
        params: CohortParams,
        querystring: Filters,
        response: {
          200: Type.Object({
            total: Type.Integer({ description: "how many applications match the filters, on every page" }),
            items: Type.Array(Application),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const page = await applications.search(guildId, cohortId, searchOf(request.query));
      // Rows of this community's cohort prove it exists; only an empty answer asks (404 otherwise).
      if (page.total === 0) await cohorts.get(guildId, cohortId);
      return { total: page.total, items: page.items.map(toApplication) };
    },
  );

  app.get(
    "/cohorts/:cohortId/applications/counts",
    {
      schema: {
        tags: ["applications"],
        summary: "Live applications (not withdrawn) counted by role, gender, area and state",
        params: CohortParams,
        response: { 200: Counts, ...ERRORS },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const counts = await applications.counts(guildId, cohortId);
      if (counts.total === 0) await cohorts.get(guildId, cohortId);
      return counts;
    },
  );

  app.get(
    "/cohorts/:cohortId/applications.csv",
    {
      schema: {
        tags: ["applications"],
        summary: "Every application of the cohort as CSV (the same filters as the table)",
        params: CohortParams,
        querystring: Filters,
        produces: ["text/csv"],
        response: { 200: Type.String({ description: "text/csv" }), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { guildId, cohortId } = request.params;
      const cohort = await cohorts.get(guildId, cohortId);
      const { items } = await applications.search(guildId, cohortId, searchOf(request.query));
      const rows = items.map((a) => [
        a.appliedAt.toISOString(),
        a.userId,
        a.displayName,
        a.role,
        a.gender,
        a.singleGenderGroup ? "yes" : "no",
        a.areas.join(";"),
        a.interests.join(";"),
        a.experience,
        a.employer ?? "",
        a.goals ?? "",
        a.state,
      ]);
      const filename = `${cohort.name.replace(/[^A-Za-z0-9-]+/g, "-")}-applications.csv`;
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .serializer((payload: string) => payload)
        .send(toCsv([[...CSV_COLUMNS], ...rows]));
    },
  );

  app.post(
    "/cohorts/:cohortId/applications/import/preview",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags: ["applications"],
        summary: "Checks a CSV with a column mapping, row by row; writes nothing",
        params: CohortParams,
        body: ImportBody,
        response: { 200: Preview, ...ERRORS },
      },
    },
    async (request) =>
      toPreview(await imports.preview(request.params.guildId, request.params.cohortId, request.body)),
  );

  app.post(
    "/cohorts/:cohortId/applications/import",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags: ["applications"],
        summary: "Imports every valid row in one transaction (invalid rows are skipped and reported)",
        params: CohortParams,
        body: ImportBody,
        response: {
          200: Type.Object({ imported: Type.Integer(), skipped: Type.Integer(), preview: Preview }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const outcome = await imports.commit(guildId, cohortId, request.body, {
        userId: request.session!.userId,
      });
      return { imported: outcome.imported, skipped: outcome.skipped, preview: toPreview(outcome.preview) };
    },
  );
};
