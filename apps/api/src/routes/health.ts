import { isReachable, migrationState } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";

const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
  database: Type.Object({
    kind: Type.Union([Type.Literal("postgres"), Type.Literal("embedded")]),
    reachable: Type.Boolean(),
    migrations: Type.Object({
      applied: Type.Integer(),
      pending: Type.Array(Type.String()),
    }),
  }),
});

/** For people and load balancers: 200 when the database answers and is up to date, 503 otherwise. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/health",
    { schema: { response: { 200: HealthResponse, 503: HealthResponse } } },
    async (_request, reply) => {
      const { db, target } = app.database;
      const reachable = await isReachable(db);
      const migrations = reachable ? await migrationState(db) : { applied: [], pending: [] };
      const healthy = reachable && migrations.pending.length === 0;
      return reply.status(healthy ? 200 : 503).send({
        status: healthy ? "ok" : "unavailable",
        database: {
          kind: target.kind,
          reachable,
          migrations: { applied: migrations.applied.length, pending: migrations.pending },
        },
      });
    },
  );
};
