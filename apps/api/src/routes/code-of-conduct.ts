import { CODE_OF_CONDUCT_AREAS, CodeOfConductService } from "@circles/core";
import { type FastifyPluginAsyncTypebox, type Static, Type } from "@fastify/type-provider-typebox";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { DateTime, ERRORS, GuildParams, Nullable, Snowflake, Uuid } from "../schemas.ts";

const Section = Type.Object(
  {
    area: Type.Enum([...CODE_OF_CONDUCT_AREAS]),
    summary: Type.String({ maxLength: 200 }),
    mentorText: Type.String({ maxLength: 4000 }),
    menteeText: Type.String({ maxLength: 4000 }),
  },
  { additionalProperties: false },
);
const Version = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  title: Type.String(),
  sections: Type.Array(Section),
  publishedAt: DateTime,
});
const VersionSummary = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  title: Type.String(),
  publishedAt: DateTime,
});
const Acceptance = Type.Object({
  userId: Snowflake,
  displayName: Type.String(),
  version: Type.Integer(),
  versionId: Uuid,
  acceptedAt: DateTime,
});

interface VersionRecord {
  id: string;
  version: number;
  title: string;
  sections: Array<{ area: string; summary: string; mentorText: string; menteeText: string }>;
  publishedAt: Date;
}
const toVersion = (v: VersionRecord) => ({
  id: v.id,
  version: v.version,
  title: v.title,
  sections: v.sections as Array<Static<typeof Section>>,
  publishedAt: v.publishedAt.toISOString(),
});

export const codeOfConductRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new CodeOfConductService(app.database.db);

  app.get(
    "/code-of-conduct",
    {
      schema: {
        tags: ["code of conduct"],
        summary: "The current version (null before the first) and every earlier one",
        params: GuildParams,
        response: {
          200: Type.Object({ current: Nullable(Version), versions: Type.Array(VersionSummary) }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const versions = await service.versions(request.params.guildId);
      const current = versions[0];
      return {
        current: current ? toVersion(current) : null,
        versions: versions.map((v) => ({
          id: v.id,
          version: v.version,
          title: v.title,
          publishedAt: v.publishedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    "/code-of-conduct",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["code of conduct"],
        summary: "Publishes a new version (all eleven areas); every member must accept it again",
        params: GuildParams,
        body: Type.Object(
          { title: Type.String({ maxLength: 200 }), sections: Type.Array(Section, { maxItems: 11 }) },
          { additionalProperties: false },
        ),
        response: { 201: Version, ...ERRORS },
      },
    },
    async (request, reply) => {
      const version = await service.publish(request.params.guildId, request.body, request.session!.userId);
      return reply.status(201).send(toVersion(version));
    },
  );

  app.get(
    "/code-of-conduct/acceptances",
    {
      schema: {
        tags: ["code of conduct"],
        summary: "Who accepted which version, newest first",
        params: GuildParams,
        response: { 200: Type.Array(Acceptance), ...ERRORS },
      },
    },
    async (request) =>
      (await service.acceptances(request.params.guildId)).map((a) => ({
        ...a,
        acceptedAt: a.acceptedAt.toISOString(),
      })),
  );
};
