import { AuditRepository } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { DateTime, ERRORS, GuildParams, Nullable, Snowflake } from "../schemas.ts";

const Entry = Type.Object({
  id: Type.Integer(),
  actorUserId: Nullable(Snowflake),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: DateTime,
});

/** The community's audit log, newest first, a page at a time (`before` = the last id seen). */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Who did what and when; filter by person, action and time",
        params: GuildParams,
        querystring: Type.Object(
          {
            actor: Type.Optional(Snowflake),
            action: Type.Optional(Type.String({ maxLength: 100 })),
            from: Type.Optional(DateTime),
            to: Type.Optional(DateTime),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ entries: Type.Array(Entry), nextBefore: Nullable(Type.Integer()) }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { actor, action, from, to, before, limit = 100 } = request.query;
      const entries = await new AuditRepository(app.database.db).list(request.params.guildId, {
        actorUserId: actor,
        action,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        beforeId: before,
        limit,
      });
      return {
        entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
        nextBefore: entries.length === limit ? (entries.at(-1)?.id ?? null) : null,
      };
    },
  );
};
