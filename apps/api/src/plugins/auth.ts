import { CommunityService } from "@circles/core";
import { fastifyOauth2, type OAuth2Namespace } from "@fastify/oauth2";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { DiscordUserApi } from "../discord/discord-user-api.ts";
import { type OrganiserRights, resolveOrganiserRights } from "../discord/organiser-rights.ts";

declare module "fastify" {
  interface FastifyInstance {
    discordOAuth2: OAuth2Namespace;
    discordUsers: DiscordUserApi;
    /** Reads from Discord which communities the holder of this token organises. */
    organiserRights(accessToken: string): Promise<OrganiserRights>;
  }
}

export const OAUTH_SCOPES = ["identify", "guilds", "guilds.members.read"];
/** Organiser rights are read again from Discord when older than this. */
export const RIGHTS_MAX_AGE_MS = 10 * 60 * 1000;

/** Discord login (OAuth2 code flow with state and PKCE) and the periodic recheck of organiser rights. */
export const authPlugin = fp(async (app: FastifyInstance) => {
  const { clientId, clientSecret, discordApiUrl, publicUrl } = app.authOptions;
  const api = new URL(discordApiUrl);
  const host = api.origin;
  const base = api.pathname.replace(/\/+$/, ""); // "/api" on Discord and on the simulator
  await app.register(fastifyOauth2, {
    name: "discordOAuth2",
    scope: OAUTH_SCOPES,
    credentials: {
      client: { id: clientId, secret: clientSecret },
      auth: {
        authorizeHost: host,
        authorizePath: `${base}/oauth2/authorize`,
        tokenHost: host,
        tokenPath: `${base}/oauth2/token`,
        revokePath: `${base}/oauth2/token/revoke`,
      },
    },
    callbackUri: `${publicUrl}/api/auth/callback`,
    pkce: "S256",
    cookie: { path: "/", secure: publicUrl.startsWith("https:") },
  });
  const discordUsers = new DiscordUserApi(discordApiUrl);
  const communities = new CommunityService(app.database.db);
  app.decorate("discordUsers", discordUsers);
  app.decorate("organiserRights", (token: string) =>
    resolveOrganiserRights(discordUsers, token, (ids) => communities.listByIds(ids)),
  );

  // Rights older than ten minutes are read again with the stored token; if Discord refuses (the
  // person revoked the app, the token expired) or fails, the session ends.
  app.addHook("onRequest", async (request, reply) => {
    const session = request.session;
    if (!session || app.now() - session.checkedAt < RIGHTS_MAX_AGE_MS) return;
    try {
      const rights = await app.organiserRights(session.accessToken);
      request.session = { ...session, ...rights, checkedAt: app.now() };
      reply.saveSession(request.session);
    } catch (error) {
      // Stryker disable next-line all: what is logged, not who may do what.
      request.log.warn({ err: error, userId: session.userId }, "organiser recheck failed; session ended");
      request.session = null;
      reply.endSession();
    }
  });
});

/** The 401 of every route that needs a session. */
export function sendUnauthenticated(reply: FastifyReply) {
  return reply.status(401).send({ error: "unauthenticated", message: "Log in with Discord first." });
}

/** For routes under /api/communities/:guildId: 401 without a session, 403 for a non-organiser. */
export async function requireOrganiser(request: FastifyRequest, reply: FastifyReply) {
  const session = request.session;
  if (!session) return sendUnauthenticated(reply);
  const { guildId } = request.params as { guildId?: string };
  // Stryker disable next-line ConditionalExpression: every route behind this has :guildId (and no one organises undefined).
  if (guildId === undefined || !session.organises.includes(guildId))
    return reply.status(403).send({
      error: "forbidden",
      message:
        "You are not an organiser of this community. Ask its owner for the organiser role, then log in again.",
    });
}
