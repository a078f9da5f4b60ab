import { CommunityService, MemberService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { botInviteUrl } from "../discord/bot-invite.ts";
import { sendUnauthenticated } from "../plugins/auth.ts";
import { LOGIN_RATE_LIMIT, MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { ERRORS, Snowflake } from "../schemas.ts";
import { SESSION_LIFETIME_MS } from "../session/session-cookie.ts";

const Me = Type.Object({
  user: Type.Object({ id: Snowflake, name: Type.String(), avatar: Type.Union([Type.String(), Type.Null()]) }),
  organises: Type.Array(Type.Object({ guildId: Snowflake, name: Type.String() })),
  invitable: Type.Array(Type.Object({ guildId: Snowflake, name: Type.String(), inviteUrl: Type.String() })),
  rightsCheckedAt: Type.String({ format: "date-time" }),
});

/**
 * Login with Discord, logout, and who am I. The callback always ends on the dashboard: `/` when
 * logged in, `/?login_error=<reason>` otherwise (access_denied, invalid_state, discord_failed).
 */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicUrl, clientId } = app.authOptions;

  app.get(
    "/api/auth/login",
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ["auth"],
        summary: "Starts the Discord login (302 to Discord)",
        response: { ...ERRORS },
      },
    },
    async (request, reply) => {
      const url = await app.discordOAuth2.generateAuthorizationUri(request, reply);
      return reply.redirect(url);
    },
  );

  app.get(
    "/api/auth/callback",
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ["auth"],
        summary: "Discord sends the person back here; 302 to the dashboard",
        querystring: Type.Object({
          code: Type.Optional(Type.String({ maxLength: 200 })),
          state: Type.Optional(Type.String({ maxLength: 200 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { ...ERRORS },
      },
    },
    async (request, reply) => {
      if (request.query.error) return reply.redirect(`${publicUrl}/?login_error=access_denied`);
      let token: { access_token: string; refresh_token?: string };
      try {
        ({ token } = await app.discordOAuth2.getAccessTokenFromAuthorizationCodeFlow(request, reply));
      } catch (error) {
        const invalidState = error instanceof Error && /state/i.test(error.message);
        request.log.warn({ err: error }, "Discord login failed at the code exchange");
        return reply.redirect(
          `${publicUrl}/?login_error=${invalidState ? "invalid_state" : "discord_failed"}`,
        );
      }
      try {
        const user = await app.discordUsers.me(token.access_token);
        const rights = await app.organiserRights(token.access_token);
        const name = (user.global_name || user.username).slice(0, 100);
        const now = app.now();
        const members = new MemberService(app.database.db);
        // Organisers are members too: their names show in the audit log.
        for (const guildId of rights.organises)
          await members.ensureInCommunity(guildId, { userId: user.id, displayName: name });
        reply.saveSession({
          userId: user.id,
          name,
          avatar: user.avatar ?? null,
          accessToken: token.access_token,
          refreshToken: token.refresh_token ?? null,
          ...rights,
          checkedAt: now,
          expiresAt: now + SESSION_LIFETIME_MS,
        });
        return reply.redirect(`${publicUrl}/`);
      } catch (error) {
        request.log.warn({ err: error }, "Discord login failed reading the person's guilds");
        return reply.redirect(`${publicUrl}/?login_error=discord_failed`);
      }
    },
  );

  app.post(
    "/api/auth/logout",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["auth"],
        summary: "Ends the session and revokes the Discord token",
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (session) {
        try {
          await app.discordOAuth2.revokeToken(
            {
              access_token: session.accessToken,
              token_type: "Bearer",
              expires_in: 0,
              expires_at: new Date(),
            },
            "access_token",
            undefined,
          );
        } catch (error) {
          // The cookie goes anyway; Discord's token then simply expires.
          request.log.warn({ err: error }, "revoking the Discord token failed");
        }
      }
      return reply.endSession().status(204).send();
    },
  );

  app.get(
    "/api/me",
    {
      schema: {
        tags: ["auth"],
        summary: "The logged-in person and the communities they organise",
        response: { 200: Me, ...ERRORS },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (!session) return sendUnauthenticated(reply);
      const communities = await new CommunityService(app.database.db).listByIds(session.organises);
      return {
        user: { id: session.userId, name: session.name, avatar: session.avatar },
        organises: communities.map((c) => ({ guildId: c.guildId, name: c.name })),
        invitable: session.invitable.map((g) => ({
          guildId: g.id,
          name: g.name,
          inviteUrl: botInviteUrl(clientId, g.id),
        })),
        rightsCheckedAt: new Date(session.checkedAt).toISOString(),
      };
    },
  );
};
