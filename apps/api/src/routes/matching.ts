import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

export const matchingRoutes: FastifyPluginAsyncTypebox = async () => {};
