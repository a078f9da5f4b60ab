import type { DatabaseHandle, JobQueue } from "@circles/core";
import type { FastifyInstance } from "fastify";
import type { AuthOptions } from "./config.ts";
import { authPlugin } from "./plugins/auth.ts";
import { dashboardPlugin } from "./plugins/dashboard.ts";
import { errorHandler, sendNoSuchAddress } from "./plugins/error-handler.ts";
import { inputGuard } from "./plugins/input-guard.ts";
import { securityPlugin } from "./plugins/security.ts";
import { sessionPlugin } from "./plugins/session.ts";
import { swaggerPlugin } from "./plugins/swagger.ts";
import { authRoutes } from "./routes/auth.ts";
import { communityRoutes } from "./routes/communities.ts";
import { programEventRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { memberRoutes } from "./routes/members.ts";
import { mydataRoutes } from "./routes/mydata.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { publishRoutes } from "./routes/publish.ts";
import { reportRoutes } from "./routes/reports.ts";
import { termRoutes } from "./routes/term.ts";

export interface AppOptions {
  database: DatabaseHandle;
  auth: AuthOptions;
  /** The clock of sessions (expiry, the organiser recheck); tests move it. */
  now?: () => number;
  /** More script sources for every answer's CSP (the dashboard's page adds its own bootstrap's hash). */
  scriptSources?: string[];
  /** The built dashboard (apps/dashboard/build), served from this origin; without it, the API alone. */
  dashboardDir?: string;
  /** The bot's job queue: publishing queues provisioning on it (without it, publishing answers 503). */
  jobs?: JobQueue;
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
  await fastify.register(inputGuard);
  await fastify.register(swaggerPlugin);
  await fastify.register(securityPlugin, { scriptSources: options.scriptSources ?? [] });
  await fastify.register(sessionPlugin);
  await fastify.register(authPlugin);
  await fastify.register(healthRoutes);
  await fastify.register(openApiRoutes);
  await fastify.register(authRoutes);
  await fastify.register(communityRoutes);
  await fastify.register(mydataRoutes);
  const community = "/api/communities/:guildId";
  await fastify.register(publishRoutes, { prefix: community, jobs: options.jobs });
  await fastify.register(reportRoutes, { prefix: community, jobs: options.jobs });
  await fastify.register(memberRoutes, { prefix: community, jobs: options.jobs });
  await fastify.register(termRoutes, { prefix: community });
  await fastify.register(programEventRoutes, { prefix: community });
  // Set last, so that the hooks above (security headers, session) also run for unknown addresses.
  if (options.dashboardDir) await fastify.register(dashboardPlugin, { dir: options.dashboardDir });
  else fastify.setNotFoundHandler(sendNoSuchAddress);
}
