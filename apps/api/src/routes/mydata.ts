import { PersonalDataService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { LOGIN_RATE_LIMIT } from "../plugins/security.ts";
import { ERRORS } from "../schemas.ts";

const TokenParams = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100, pattern: "^[A-Za-z0-9_-]+$" }),
});

/**
 * GET /api/mydata/:token: a member's own data as a JSON download. Public: the token is the key (made
 * by `/mydata export` on Discord; 15 minutes, once). Tight rate limit: tokens are not to be guessed.
 */
export const mydataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/mydata/:token",
    {
      schema: { params: TokenParams, response: { 200: Type.Any(), ...ERRORS } },
      config: { rateLimit: LOGIN_RATE_LIMIT },
    },
    async (request, reply) => {
      const data = await new PersonalDataService(app.database.db, () => new Date(app.now())).redeemExport(
        request.params.token,
      );
      return reply
        .header("cache-control", "no-store")
        .header("content-disposition", 'attachment; filename="circles-my-data.json"')
        .send(data);
    },
  );
};
