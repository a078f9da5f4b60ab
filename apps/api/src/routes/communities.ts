import { CommunityDirectoryService, type CommunityRecord, CommunityService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { requireOrganiser, sendUnauthenticated } from "../plugins/auth.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { ERRORS, GuildParams, Nullable, Snowflake } from "../schemas.ts";
import { applicationRoutes } from "./applications.ts";
import { auditRoutes } from "./audit.ts";
import { codeOfConductRoutes } from "./code-of-conduct.ts";
import { cohortRoutes } from "./cohorts.ts";
import { matchingRoutes } from "./matching.ts";
import { sessionRoutes } from "./sessions.ts";

const Community = Type.Object({
  guildId: Snowflake,
  name: Type.String(),
  timeZone: Type.String(),
  organiserRoleId: Nullable(Snowflake),
  announcementChannelId: Nullable(Snowflake),
  organiserChannelId: Nullable(Snowflake),
});

const SettingsPatch = Type.Object(
  {
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    organiserRoleId: Type.Optional(Nullable(Snowflake)),
    announcementChannelId: Type.Optional(Nullable(Snowflake)),
    // The organisers' private channel; null: each organiser is told by DM.
    organiserChannelId: Type.Optional(Nullable(Snowflake)),
  },
  { additionalProperties: false },
);

const Choice = Type.Object({ id: Snowflake, name: Type.String() });
const SettingsChoices = Type.Object({
  seenAt: Nullable(
    Type.String({ format: "date-time", description: "null until the bot has seen the server" }),
  ),
  roles: Type.Array(Choice, { description: "roles a member can hold, highest first" }),
  channels: Type.Array(Choice, { description: "text and announcement channels, in the server's order" }),
});

const toCommunity = (c: CommunityRecord) => ({
  guildId: c.guildId,
  name: c.name,
  timeZone: c.timeZone,
  organiserRoleId: c.organiserRoleId,
  announcementChannelId: c.announcementChannelId,
  organiserChannelId: c.organiserChannelId ?? null,
});

/** GET /api/communities, and everything under /api/communities/:guildId (organisers of it only). */
export const communityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/communities",
    {
      schema: {
        tags: ["communities"],
        summary: "The communities I organise",
        response: { 200: Type.Array(Community), ...ERRORS },
      },
    },
    async (request, reply) => {
      if (!request.session) return sendUnauthenticated(reply);
      const communities = await new CommunityService(app.database.db).listByIds(request.session.organises);
      return communities.map(toCommunity);
    },
  );

  await app.register(
    async (scoped) => {
      // Every route of a community: logged in (401) and organiser of this very guild (403), checked
      // before the body is even read. Each route then reads and writes only rows of this guild.
      scoped.addHook("onRequest", requireOrganiser);
      await scoped.register(settingsRoutes);
      await scoped.register(codeOfConductRoutes);
      await scoped.register(cohortRoutes);
      await scoped.register(sessionRoutes);
      await scoped.register(applicationRoutes);
      await scoped.register(matchingRoutes);
      await scoped.register(auditRoutes);
    },
    { prefix: "/api/communities/:guildId" },
  );
};

const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const communities = new CommunityService(app.database.db);
  app.get(
    "/settings",
    {
      schema: {
        tags: ["communities"],
        summary: "The community's settings",
        params: GuildParams,
        response: { 200: Community, ...ERRORS },
      },
    },
    async (request) => toCommunity(await communities.get(request.params.guildId)),
  );

  const directories = new CommunityDirectoryService(app.database.db);
  app.get(
    "/settings/choices",
    {
      schema: {
        tags: ["communities"],
        summary: "The roles and channels the settings may name, as the bot last saw the server",
        params: GuildParams,
        response: { 200: SettingsChoices, ...ERRORS },
      },
    },
    async (request) => {
      const { guildId } = request.params;
      await communities.get(guildId);
      const seen = await directories.get(guildId);
      return seen
        ? { seenAt: seen.seenAt.toISOString(), roles: seen.roles, channels: seen.channels }
        : { seenAt: null, roles: [], channels: [] };
    },
  );

  app.patch(
    "/settings",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["communities"],
        summary: "Changes the organiser role, the announcement and organisers' channels or the time zone",
        params: GuildParams,
        body: SettingsPatch,
        response: { 200: Community, ...ERRORS },
      },
    },
    async (request) =>
      toCommunity(
        await communities.updateSettings(request.params.guildId, request.body, {
          userId: request.session!.userId,
        }),
      ),
  );
};
