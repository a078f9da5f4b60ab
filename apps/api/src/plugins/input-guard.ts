import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** Where a value holds a NUL character (which PostgreSQL text cannot store), as field paths. */
export function fieldsWithNul(value: unknown, path = ""): string[] {
  if (typeof value === "string") return value.includes("\u0000") ? [path || "request"] : [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => fieldsWithNul(item, path ? `${path}.${i}` : `${i}`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes("\u0000") ? [path ? `${path}.${key}` : key] : []),
      ...fieldsWithNul(item, path ? `${path}.${key}` : key),
    ]);
  return [];
}

/** Refuses text with NUL characters anywhere in the request with a 400, before any schema or query sees it. */
export const inputGuard = fp(async (app: FastifyInstance) => {
  app.addHook("preValidation", async (request, reply) => {
    const fields = [
      ...fieldsWithNul(request.params),
      ...fieldsWithNul(request.query),
      ...fieldsWithNul(request.body),
    ];
    if (fields.length > 0)
      return reply.status(400).send({
        error: "invalid",
        message: `Please correct: ${fields.join(", ")} must not contain a NUL character.`,
        problems: fields.map((field) => ({ field, message: "must not contain a NUL character" })),
      });
  });
});
