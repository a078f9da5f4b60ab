import type { DatabaseHandle } from "@circles/core";
import type { FastifyInstance } from "fastify";
import type { AuthOptions } from "./config.ts";
import { authPlugin } from "./plugins/auth.ts";
import { errorHandler } from "./plugins/error-handler.ts";
import { securityPlugin } from "./plugins/security.ts";
import { sessionPlugin } from "./plugins/session.ts";
import { swaggerPlugin } from "./plugins/swagger.ts";
import { authRoutes } from "./routes/auth.ts";
import { communityRoutes } from "./routes/communities.ts";
import { healthRoutes } from "./routes/health.ts";
import { openApiRoutes } from "./routes/openapi.ts";

export interface AppOptions {
  database: DatabaseHandle;
  auth: AuthOptions;
  /** The clock of sessions (expiry, the organiser recheck); tests move it. */
  now?: () => number;
  /** More script sources for the CSP (the dashboard's inline bootstrap hashes). */
  scriptSources?: string[];
}

declare module "fastify" {
  interface FastifyInstance {
    database: DatabaseHandle;
    authOptions: AuthOptions;
    now(): number;
  }
}

/** The whole API as one fastify plugin; `server.ts` only adds listening and shutdown. */
export async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  fastify.decorate("database", options.database);
  fastify.decorate("authOptions", options.auth);
  fastify.decorate("now", options.now ?? Date.now);
  await fastify.register(errorHandler);
  await fastify.register(swaggerPlugin);
  await fastify.register(securityPlugin, { scriptSources: options.scriptSources });
  await fastify.register(sessionPlugin);
  await fastify.register(authPlugin);
  await fastify.register(healthRoutes);
  await fastify.register(openApiRoutes);
  await fastify.register(authRoutes);
  await fastify.register(communityRoutes);
}
