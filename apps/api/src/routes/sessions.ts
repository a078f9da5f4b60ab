import { CohortService, type SessionRecord, SessionService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { localTime } from "../local-time.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, Nullable, Snowflake, Uuid } from "../schemas.ts";

const LocalDate = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD, local" });
const LocalClock = Type.String({ pattern: "^\\d{2}:\\d{2}$", description: "HH:mm, local, 24-hour" });
const Local = Type.Object({ date: LocalDate, start: LocalClock, end: LocalClock, utcOffset: Type.String() });
const AgendaItem = Type.Object(
  {
    kind: Type.Enum(["dinner", "talk", "discussion", "share-back", "supper", "custom"]),
    title: Type.String({ maxLength: 100 }),
    minutes: Type.Integer({ minimum: 1, maximum: 600 }),
  },
  { additionalProperties: false },
);
const Session = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  startsAt: DateTime,
  endsAt: DateTime,
  local: Local,
  status: Type.Union([Type.Literal("scheduled"), Type.Literal("cancelled")]),
  theme: Nullable(Type.String()),
  speakers: Type.Array(Type.String()),
  discussionPrompts: Type.Array(Type.String()),
  agenda: Type.Array(AgendaItem),
});
const ScheduleBody = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 52 }),
    everyWeeks: Type.Integer({ minimum: 1, maximum: 52 }),
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: "ISO weekday, 1 = Monday" }),
    firstDate: LocalDate,
    startTime: LocalClock,
    endTime: LocalClock,
  },
  { additionalProperties: false },
);
const SessionParams = Type.Object({ guildId: Snowflake, sessionId: Uuid });

function local(startsAt: Date, endsAt: Date, timeZone: string) {
  const start = localTime(startsAt, timeZone);
  return {
    date: start.date,
    start: start.time,
    end: localTime(endsAt, timeZone).time,
    utcOffset: start.offset,
  };
}

const toSession = (s: SessionRecord, timeZone: string) => ({
  id: s.id,
  number: s.number,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  local: local(s.startsAt, s.endsAt, timeZone),
  status: s.status,
  theme: s.theme,
  speakers: s.speakers,
  discussionPrompts: s.discussionPrompts,
  agenda: s.agenda,
});

/**
 * A cohort's schedule: preview (saves nothing), lay out (replaces every session, until published),
 * list, and change one session. PATCH applies, in this order and each atomically, a move (date /
 * startTime / endTime), a status change (cancel or reinstate) and edits (theme, speakers, prompts,
 * agenda).
 */
export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sessions = new SessionService(app.database.db);
  const cohorts = new CohortService(app.database.db);

  app.post(
    "/cohorts/:cohortId/schedule/preview",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["sessions"],
        summary: "The dates a schedule would have, in the cohort's local time; saves nothing",
        params: CohortParams,
        body: ScheduleBody,
        response: {
          200: Type.Object({
            timeZone: Type.String(),
            sessions: Type.Array(
              Type.Object({ number: Type.Integer(), startsAt: DateTime, endsAt: DateTime, local: Local }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const body = { ...request.body, weekday: request.body.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 };
      const preview = await sessions.previewSchedule(guildId, cohortId, body);
      return {
        timeZone: preview.timeZone,
        sessions: preview.sessions.map((s) => ({
          number: s.number,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          local: local(s.startsAt, s.endsAt, preview.timeZone),
        })),
      };
    },
  );

  app.post(
    "/cohorts/:cohortId/schedule",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["sessions"],
        summary: "Lays out the whole schedule again (until groups are published)",
        params: CohortParams,
        body: ScheduleBody,
        response: { 200: Type.Array(Session), ...ERRORS },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const body = { ...request.body, weekday: request.body.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 };
      const planned = await sessions.planSchedule(guildId, cohortId, body, {
        userId: request.session!.userId,
      });
      const { timeZone } = await cohorts.get(guildId, cohortId);
      return planned.map((s) => toSession(s, timeZone));
    },
  );

  app.get(
    "/cohorts/:cohortId/sessions",
    {
      schema: {
        tags: ["sessions"],
        summary: "The cohort's sessions in order",
        params: CohortParams,
        response: { 200: Type.Array(Session), ...ERRORS },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const { timeZone } = await cohorts.get(guildId, cohortId);
      return (await sessions.list(guildId, cohortId)).map((s) => toSession(s, timeZone));
    },
  );

  app.patch(
    "/sessions/:sessionId",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["sessions"],
        summary: "Moves, cancels, reinstates or edits one session",
        params: SessionParams,
        body: Type.Object(
          {
            date: Type.Optional(LocalDate),
            startTime: Type.Optional(LocalClock),
            endTime: Type.Optional(LocalClock),
            status: Type.Optional(Type.Union([Type.Literal("scheduled"), Type.Literal("cancelled")])),
            theme: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            speakers: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
            discussionPrompts: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20 })),
            agenda: Type.Optional(Type.Array(AgendaItem, { minItems: 1, maxItems: 20 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Session, ...ERRORS },
      },
    },
    async (request) => {
      const { guildId, sessionId } = request.params;
      const actor = { userId: request.session!.userId };
      const { date, startTime, endTime, status, ...edit } = request.body;
      let session: SessionRecord | undefined;
      if (date !== undefined || startTime !== undefined || endTime !== undefined)
        session = await sessions.move(guildId, sessionId, { date, startTime, endTime }, actor);
      if (status === "cancelled") session = await sessions.cancel(guildId, sessionId, actor);
      if (status === "scheduled") session = await sessions.reinstate(guildId, sessionId, actor);
      if (Object.keys(edit).length > 0) session = await sessions.edit(guildId, sessionId, edit, actor);
      const { timeZone } = await cohorts.get(guildId, session!.cohortId);
      return toSession(session!, timeZone);
    },
  );
};
