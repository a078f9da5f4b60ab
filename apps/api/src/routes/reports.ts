import {
  type JobQueue,
  MemberService,
  REPORT_LIMITS,
  REPORT_OUTCOMES,
  REPORT_STATES,
  ReportService,
  type ReportView,
} from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { requireOrganiser } from "../plugins/auth.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { DateTime, ERRORS, GuildParams, Nullable, Snowflake, Uuid } from "../schemas.ts";
import { afterLeavingGroup, LeftGroupAnswer } from "./left-group.ts";

const State = Type.Enum([...REPORT_STATES]);
const Outcome = Type.Enum([...REPORT_OUTCOMES]);
const Report = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  area: Type.String({ description: "the code-of-conduct area" }),
  whatHappened: Type.String(),
  involved: Nullable(Type.String()),
  reportedUserId: Nullable(Snowflake),
  reportedName: Nullable(Type.String()),
  /** Only a reporter who chose to be known; an anonymous one is never in any answer. */
  reporterUserId: Nullable(Snowflake),
  reporterName: Nullable(Type.String()),
  state: State,
  outcome: Nullable(Outcome),
  createdAt: DateTime,
});
const Note = Type.Object({
  id: Uuid,
  authorUserId: Snowflake,
  authorName: Nullable(Type.String()),
  body: Type.String(),
  createdAt: DateTime,
});
const ReportParams = Type.Object({ guildId: Snowflake, reportId: Uuid });

/**
 * The reports inbox of a community's organisers. Every read of one report is audited (the service
 * records who and when); the list shows no more than the same fields.
 */
export const reportRoutes: FastifyPluginAsyncTypebox<{ jobs?: JobQueue }> = async (app, options) => {
  app.addHook("onRequest", requireOrganiser);
  const reports = new ReportService(app.database.db, () => new Date(app.now()));
  const members = new MemberService(app.database.db);
  const actorOf = (request: { session: { userId: string } | null }) => request.session!.userId;

  const toReports = async (list: ReportView[]) => {
    const names = await members.names(
      list.flatMap((r) => [r.reportedUserId, r.reporterUserId].filter((id) => id !== null)),
    );
    return list.map((r) => ({
      id: r.id,
      number: r.number,
      area: r.area,
      whatHappened: r.body,
      involved: r.involved,
      reportedUserId: r.reportedUserId,
      reportedName: r.reportedUserId ? (names.get(r.reportedUserId) ?? null) : null,
      reporterUserId: r.reporterUserId,
      reporterName: r.reporterUserId ? (names.get(r.reporterUserId) ?? null) : null,
      state: r.state,
      outcome: r.outcome,
      createdAt: r.createdAt.toISOString(),
    }));
  };
  const toReport = async (report: ReportView) => (await toReports([report]))[0]!;

  app.get(
    "/reports",
    {
      schema: {
        tags: ["reports"],
        summary: "The community's reports, newest first; optionally only those in one state",
        params: GuildParams,
        querystring: Type.Object({ state: Type.Optional(State) }, { additionalProperties: false }),
        response: { 200: Type.Array(Report), ...ERRORS },
      },
    },
    async (request) => {
      const { state } = request.query;
      return toReports(await reports.list(request.params.guildId, state ? [state] : undefined));
    },
  );

  app.get(
    "/reports/:reportId",
    {
      schema: {
        tags: ["reports"],
        summary: "One report with its notes (the read is recorded in the audit log)",
        params: ReportParams,
        response: { 200: Type.Object({ report: Report, notes: Type.Array(Note) }), ...ERRORS },
      },
    },
    async (request) => {
      const { guildId, reportId } = request.params;
      const { notes, ...report } = await reports.get(guildId, reportId, actorOf(request));
      return { report: await toReport(report), notes: await toNotes(members, notes) };
    },
  );

  app.post(
    "/reports/:reportId/state",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["reports"],
        summary: "Moves a report to open, in review or closed",
        params: ReportParams,
        body: Type.Object({ state: State }, { additionalProperties: false }),
        response: { 200: Report, ...ERRORS },
      },
    },
    async (request) => {
      const { guildId, reportId } = request.params;
      return toReport(await reports.setState(guildId, reportId, request.body.state, actorOf(request)));
    },
  );

  app.post(
    "/reports/:reportId/notes",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["reports"],
        summary: "Adds an organisers' note to a report",
        params: ReportParams,
        body: Type.Object(
          { body: Type.String({ minLength: 1, maxLength: REPORT_LIMITS.note }) },
          { additionalProperties: false },
        ),
        response: { 201: Note, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { guildId, reportId } = request.params;
      const note = await reports.addNote(guildId, reportId, request.body.body, actorOf(request));
      return reply.status(201).send((await toNotes(members, [note]))[0]!);
    },
  );

  app.post(
    "/reports/:reportId/outcome",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["reports"],
        summary:
          "Decides the outcome and closes the report; a removal takes the reported member out of the program",
        params: ReportParams,
        body: Type.Object({ outcome: Outcome }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            report: Report,
            removal: Nullable(
              Type.Object({
                userId: Snowflake,
                cohortId: Uuid,
                /** The group they left; null when they had a place but no group yet. */
                group: Nullable(LeftGroupAnswer),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, reportId } = request.params;
      const decided = await reports.decide(guildId, reportId, request.body.outcome, actorOf(request));
      const removed = decided.removed;
      return {
        report: await toReport(decided.report),
        removal: removed
          ? {
              userId: removed.userId,
              cohortId: removed.cohortId,
              group: removed.left
                ? await afterLeavingGroup(options.jobs, {
                    guildId,
                    userId: removed.userId,
                    reason: "removal",
                    left: removed.left,
                  })
                : null,
            }
          : null,
      };
    },
  );
};

async function toNotes(
  members: MemberService,
  notes: ReadonlyArray<{ id: string; authorUserId: string; body: string; createdAt: Date }>,
) {
  const names = await members.names(notes.map((n) => n.authorUserId));
  return notes.map((n) => ({
    id: n.id,
    authorUserId: n.authorUserId,
    authorName: names.get(n.authorUserId) ?? null,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
  }));
}
