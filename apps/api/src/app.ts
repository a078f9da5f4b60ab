import type { DatabaseHandle } from "@circles/core";
import type { FastifyInstance } from "fastify";
import { errorHandler } from "./plugins/error-handler.ts";
import { healthRoutes } from "./routes/health.ts";

export interface AppOptions {
  database: DatabaseHandle;
}

declare module "fastify" {
  interface FastifyInstance {
    database: DatabaseHandle;
  }
}

/** The whole API as one fastify plugin; `server.ts` only adds listening and shutdown. */
export async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  fastify.decorate("database", options.database);
  await fastify.register(errorHandler);
  await fastify.register(healthRoutes);
}
