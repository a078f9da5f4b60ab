import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

export const openApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
};
