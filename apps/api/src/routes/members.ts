import { type JobQueue, MemberService, PersonalDataService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { requireOrganiser } from "../plugins/auth.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { DateTime, ERRORS, GuildParams, Nullable, Snowflake } from "../schemas.ts";
import { afterLeavingGroup, LeftGroupAnswer } from "./left-group.ts";

const Member = Type.Object({
  userId: Snowflake,
  displayName: Type.String(),
  avatar: Nullable(Type.String()),
  joinedAt: DateTime,
});
const MemberParams = Type.Object({ guildId: Snowflake, userId: Snowflake });

/**
 * Members of a community: search, and a member's data (PDPA) handled by an organiser on the member's
 * request: the same export as `/mydata export` gives them, and erasure. Both are audited with who.
 */
export const memberRoutes: FastifyPluginAsyncTypebox<{ jobs?: JobQueue }> = async (app, options) => {
  app.addHook("onRequest", requireOrganiser);
  const members = new MemberService(app.database.db);
  const personalData = new PersonalDataService(app.database.db, () => new Date(app.now()));

  app.get(
    "/members",
    {
      schema: {
        tags: ["members"],
        summary: "Members whose name contains q or whose Discord id starts with it, by name",
        params: GuildParams,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Member), ...ERRORS },
      },
    },
    async (request) => {
      const { q = "", limit = 50 } = request.query;
      return (await members.search(request.params.guildId, q, limit)).map((m) => ({
        ...m,
        joinedAt: m.joinedAt.toISOString(),
      }));
    },
  );

  app.get(
    "/members/:userId/export",
    {
      schema: {
        tags: ["members"],
        summary: "Everything held about the member, as their own /mydata export gives it (audited)",
        params: MemberParams,
        response: {
          200: Type.Object(
            { exportedAt: DateTime, guildId: Snowflake },
            { additionalProperties: true, description: "the member's data, table by table" },
          ),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { guildId, userId } = request.params;
      const data = await personalData.exportOnRequest(guildId, userId, request.session!.userId);
      return reply
        .header("cache-control", "no-store")
        .header("content-disposition", `attachment; filename="circles-member-${userId}.json"`)
        .send(data);
    },
  );

  app.post(
    "/members/:userId/erasure",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["members"],
        summary:
          "Erases the member's personal data on their request; attendance counts stay under a stand-in (audited)",
        params: MemberParams,
        body: Type.Object(
          {
            confirm: Type.Literal(true, {
              description: "true: the member asked for it, and it cannot be undone",
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            erased: Type.Literal(true),
            /** The group they left, if they were in one this term: a mentee's seat goes to the waitlist. */
            leftGroup: Nullable(LeftGroupAnswer),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, userId } = request.params;
      const { left } = await personalData.eraseOnRequest(guildId, userId, request.session!.userId);
      return {
        erased: true as const,
        leftGroup: left
          ? await afterLeavingGroup(options.jobs, { guildId, userId, reason: "erasure", left })
          : null,
      };
    },
  );
};
