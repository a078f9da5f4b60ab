import { type ProgramEvent, ProgramEventService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { requireOrganiser } from "../plugins/auth.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, Nullable, Uuid } from "../schemas.ts";

const EventBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 100 }),
    when: Type.String({
      description: "local date and time in the cohort's time zone, e.g. 2027-04-13 19:00",
    }),
    location: Type.String({ minLength: 1, maxLength: 100 }),
    minutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 720, default: 120 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
const Event = Type.Object({
  id: Uuid,
  title: Type.String(),
  description: Nullable(Type.String()),
  location: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  status: Type.Union([Type.Literal("scheduled"), Type.Literal("cancelled")]),
});

const toEvent = (e: ProgramEvent) => ({
  id: e.id,
  title: e.title,
  description: e.description,
  location: e.location,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  status: e.status,
});

/**
 * Program-wide events (Developer's Gym workshops) scheduled from the dashboard: the same core service
 * as `/cohort event`. The bot's term scheduler finds the new event in the database and gives it its
 * Discord scheduled event, announcement and reminders.
 */
export const programEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const events = new ProgramEventService(app.database.db);
  app.addHook("onRequest", requireOrganiser);

  app.post(
    "/cohorts/:cohortId/events",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["events"],
        summary: "Schedules a program-wide event; the bot announces it on Discord",
        params: CohortParams,
        body: EventBody,
        response: { 201: Event, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { guildId, cohortId } = request.params;
      const body = request.body;
      const event = await events.create(
        guildId,
        cohortId,
        {
          title: body.title,
          when: body.when,
          location: body.location,
          minutes: body.minutes ?? 120,
          description: body.description ?? null,
        },
        { userId: request.session!.userId },
        new Date(app.now()),
      );
      return reply.code(201).send(toEvent(event));
    },
  );
};
