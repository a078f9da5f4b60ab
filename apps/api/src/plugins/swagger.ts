import fastifySwagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** Collects every route's schemas into an OpenAPI document, served at GET /api/openapi.json. */
export const swaggerPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Circles API",
        version: "1",
        description:
          "The organisers' dashboard API. Log in at /api/auth/login (Discord); every route under " +
          "/api/communities/{guildId} needs a session of an organiser of that community.",
      },
      components: {
        securitySchemes: { session: { type: "apiKey", in: "cookie", name: "circles_session" } },
      },
    },
  });
});
