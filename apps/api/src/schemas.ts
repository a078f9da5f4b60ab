import { type TSchema, Type } from "@fastify/type-provider-typebox";

// Schemas shared by the routes. Every answer is described, errors included, so the OpenAPI document
// is complete and fastify serialises nothing it was not told about.

export const Snowflake = Type.String({ pattern: "^[0-9]{15,21}$", description: "a Discord id" });
export const Uuid = Type.String({ format: "uuid" });
export const DateTime = Type.String({ format: "date-time" });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: "invalid, unauthenticated, forbidden, not_found, conflict, ..." }),
    message: Type.String({ description: "what went wrong and what to do, for a person" }),
    problems: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: "ErrorResponse" },
);

/** 4xx answers: bad input (400), not logged in (401), not an organiser (403), not found (404), conflict (409), 429. */
export const ERRORS = { "4xx": ErrorResponse } as const;

export const GuildParams = Type.Object({ guildId: Snowflake });
export const CohortParams = Type.Object({ guildId: Snowflake, cohortId: Uuid });
