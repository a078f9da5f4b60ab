import { COHORT_STATES, type CohortRecord, CohortService, nextStates } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, GuildParams, Nullable, Uuid } from "../schemas.ts";

const State = Type.Enum([...COHORT_STATES]);
export const Cohort = Type.Object({
  id: Uuid,
  name: Type.String(),
  state: State,
  /** The states it may go to now, and no others. */
  nextStates: Type.Array(State),
  mentorsPerGroup: Type.Integer(),
  menteesPerGroup: Type.Integer(),
  timeZone: Type.String(),
  venue: Nullable(Type.String()),
  stateChangedAt: DateTime,
  createdAt: DateTime,
});

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: "IANA, e.g. Asia/Singapore" }),
  venue: Nullable(Type.String({ maxLength: 200 })),
  mentorsPerGroup: Type.Integer({ minimum: 1, maximum: 10 }),
  menteesPerGroup: Type.Integer({ minimum: 1, maximum: 20 }),
};

export const toCohort = (c: CohortRecord) => ({
  id: c.id,
  name: c.name,
  state: c.state,
  nextStates: [...nextStates(c.state)],
  mentorsPerGroup: c.mentorsPerGroup,
  menteesPerGroup: c.menteesPerGroup,
  timeZone: c.timeZone,
  venue: c.venue,
  stateChangedAt: c.stateChangedAt.toISOString(),
  createdAt: c.createdAt.toISOString(),
});

export const cohortRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cohorts = new CohortService(app.database.db);
  const actor = (request: { session: { userId: string } | null }) => ({ userId: request.session!.userId });

  app.get(
    "/cohorts",
    {
      schema: {
        tags: ["cohorts"],
        summary: "The community's cohorts, newest first",
        params: GuildParams,
        response: { 200: Type.Array(Cohort), ...ERRORS },
      },
    },
    async (request) => (await cohorts.list(request.params.guildId)).map(toCohort),
  );

  app.post(
    "/cohorts",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["cohorts"],
        summary: "Creates a cohort as a draft (time zone: the community's unless given)",
        params: GuildParams,
        body: Type.Object(
          {
            name: Fields.name,
            timeZone: Type.Optional(Fields.timeZone),
            venue: Type.Optional(Fields.venue),
            mentorsPerGroup: Type.Optional(Fields.mentorsPerGroup),
            menteesPerGroup: Type.Optional(Fields.menteesPerGroup),
          },
          { additionalProperties: false },
        ),
        response: { 201: Cohort, ...ERRORS },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(toCohort(await cohorts.create(request.params.guildId, request.body, actor(request)))),
  );

  app.get(
    "/cohorts/:cohortId",
    {
      schema: {
        tags: ["cohorts"],
        summary: "One cohort with the states it may go to now",
        params: CohortParams,
        response: { 200: Cohort, ...ERRORS },
      },
    },
    async (request) => toCohort(await cohorts.get(request.params.guildId, request.params.cohortId)),
  );

  app.patch(
    "/cohorts/:cohortId",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["cohorts"],
        summary: "Renames or re-places a cohort; its time zone and group shape only while a draft",
        params: CohortParams,
        body: Type.Object(
          {
            name: Type.Optional(Fields.name),
            timeZone: Type.Optional(Fields.timeZone),
            venue: Type.Optional(Fields.venue),
            mentorsPerGroup: Type.Optional(Fields.mentorsPerGroup),
            menteesPerGroup: Type.Optional(Fields.menteesPerGroup),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Cohort, ...ERRORS },
      },
    },
    async (request) =>
      toCohort(
        await cohorts.update(request.params.guildId, request.params.cohortId, request.body, actor(request)),
      ),
  );

  app.post(
    "/cohorts/:cohortId/state",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["cohorts"],
        summary:
          "Moves the cohort to one of its nextStates (publishing goes through the publish step, not here)",
        params: CohortParams,
        body: Type.Object({ to: State }, { additionalProperties: false }),
        response: { 200: Cohort, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { guildId, cohortId } = request.params;
      if (request.body.to === "published") {
        await cohorts.get(guildId, cohortId); // 404 first for another community's cohort
        return reply.status(409).send({
          error: "conflict",
          message:
            "Publish the groups from the matching page: publishing also creates their roles and rooms on Discord.",
        });
      }
      return toCohort(await cohorts.changeState(guildId, cohortId, request.body.to, actor(request)));
    },
  );
};
