import { type SessionRecord, TermViewService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { requireOrganiser } from "../plugins/auth.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, Nullable, Snowflake, Uuid } from "../schemas.ts";

const AttendanceStatus = Type.Union([
  Type.Literal("present"),
  Type.Literal("absent"),
  Type.Literal("excused"),
]);
const Counts = {
  present: Type.Integer(),
  absent: Type.Integer(),
  excused: Type.Integer(),
  unrecorded: Type.Integer({ description: "current group members with no record yet" }),
};
const Feedback = {
  responses: Type.Integer(),
  counts: Type.Array(Type.Integer(), {
    minItems: 5,
    maxItems: 5,
    description: "how many rated 1, 2, 3, 4 and 5",
  }),
  average: Nullable(Type.Number()),
};
const Session = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  startsAt: DateTime,
  endsAt: DateTime,
  status: Type.Union([Type.Literal("scheduled"), Type.Literal("cancelled")]),
  theme: Nullable(Type.String()),
});
const SessionParams = Type.Object({ guildId: Snowflake, sessionId: Uuid });

const toSession = (s: SessionRecord) => ({
  id: s.id,
  number: s.number,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  status: s.status,
  theme: s.theme,
});

/**
 * The Sessions page's views of a running term: attendance (per session and group), share-backs,
 * feedback ratings, overdue buddy check-ins, and an organiser's correction of one attendance record.
 */
export const termRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook("onRequest", requireOrganiser);
  const term = new TermViewService(app.database.db, () => new Date(app.now()));

  app.get(
    "/cohorts/:cohortId/term",
    {
      schema: {
        tags: ["term"],
        summary: "Each session with its attendance (in all and per group), feedback and share-back count",
        params: CohortParams,
        response: {
          200: Type.Array(
            Type.Object({
              session: Session,
              attendance: Type.Object(Counts),
              groups: Type.Array(Type.Object({ groupId: Uuid, name: Type.String(), ...Counts })),
              feedback: Type.Object(Feedback),
              shareBacks: Type.Integer(),
            }),
          ),
          ...ERRORS,
        },
      },
    },
    async (request) =>
      (await term.overview(request.params.guildId, request.params.cohortId)).map((o) => ({
        ...o,
        session: toSession(o.session),
      })),
  );

  app.get(
    "/sessions/:sessionId/details",
    {
      schema: {
        tags: ["term"],
        summary: "One session: each group's share-back, each member's attendance and minutes, the feedback",
        params: SessionParams,
        response: {
          200: Type.Object({
            session: Session,
            shareBacks: Type.Array(
              Type.Object({
                groupId: Uuid,
                groupName: Type.String(),
                text: Type.String(),
                byUserId: Nullable(Snowflake),
                byName: Nullable(Type.String()),
                at: Nullable(DateTime),
              }),
            ),
            attendance: Type.Object(Counts),
            groups: Type.Array(
              Type.Object({
                groupId: Uuid,
                name: Type.String(),
                members: Type.Array(
                  Type.Object({
                    userId: Snowflake,
                    displayName: Nullable(Type.String()),
                    role: Type.Union([Type.Literal("mentor"), Type.Literal("mentee")]),
                    status: Nullable(AttendanceStatus),
                    source: Nullable(Type.Union([Type.Literal("voice"), Type.Literal("manual")])),
                    minutesPresent: Type.Integer(),
                  }),
                ),
              }),
            ),
            feedback: Type.Object({
              ...Feedback,
              comments: Type.Array(Type.Object({ rating: Type.Integer(), comment: Type.String() })),
            }),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const detail = await term.session(request.params.guildId, request.params.sessionId);
      return {
        ...detail,
        session: toSession(detail.session),
        shareBacks: detail.shareBacks.map((s) => ({ ...s, at: s.at?.toISOString() ?? null })),
      };
    },
  );

  app.get(
    "/cohorts/:cohortId/check-ins/overdue",
    {
      schema: {
        tags: ["term"],
        summary: "Buddy pairs with no check-in since the end of the last session",
        params: CohortParams,
        response: {
          200: Type.Object({
            since: Nullable(Type.Object({ sessionId: Uuid, number: Type.Integer(), endedAt: DateTime })),
            pairs: Type.Array(
              Type.Object({
                groupId: Uuid,
                groupName: Type.String(),
                mentorUserId: Snowflake,
                mentorName: Nullable(Type.String()),
                menteeUserId: Snowflake,
                menteeName: Nullable(Type.String()),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const overdue = await term.overdueCheckIns(request.params.guildId, request.params.cohortId);
      return {
        since: overdue.since && { ...overdue.since, endedAt: overdue.since.endedAt.toISOString() },
        pairs: overdue.pairs,
      };
    },
  );

  app.put(
    "/sessions/:sessionId/attendance/:userId",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["term"],
        summary: "Corrects one member's attendance of a session (kept over voice counting; audited)",
        params: Type.Object({ guildId: Snowflake, sessionId: Uuid, userId: Snowflake }),
        body: Type.Object({ status: AttendanceStatus }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            userId: Snowflake,
            status: AttendanceStatus,
            source: Type.Union([Type.Literal("voice"), Type.Literal("manual")]),
            minutesPresent: Type.Integer(),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, sessionId, userId } = request.params;
      const entry = await term.correctAttendance(
        guildId,
        sessionId,
        userId,
        request.body.status,
        request.session!.userId,
      );
      return {
        userId: entry.userId,
        status: entry.status,
        source: entry.source,
        minutesPresent: Math.floor(entry.secondsPresent / 60),
      };
    },
  );
};
