import { DomainError } from "@circles/core";
import { counted } from "@circles/core/words";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

const STATUS: Record<DomainError["kind"], number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_state: 409,
};

/** One shape for every error answer: `{ error, message, problems? }`; never a stack trace. */
export const errorHandler = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(STATUS[error.kind]).send({
        error: error.kind,
        message: error.message,
        ...("problems" in error ? { problems: error.problems } : {}),
      });
    }
    if ("validation" in error && error.validation) {
      const problems = validationProblems(error.validation, error.validationContext);
      return reply.status(400).send({
        error: "invalid",
        message: `Please correct: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}.`,
        problems,
      });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    return reply.status(status).send({
      error: status >= 500 ? "internal" : status === 429 ? "rate_limited" : "request",
      message: status >= 500 ? "Something went wrong on our side; it has been logged." : error.message,
    });
  });
});

export interface SchemaError {
  keyword?: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * One problem per field, in words: an unknown field is named as such, and the alternatives of a union
 * (a value or null) are joined into one message instead of one line each.
 */
export function validationProblems(errors: readonly SchemaError[], context?: string) {
  const byField = new Map<string, SchemaError[]>();
  for (const e of errors) {
    if (e.keyword === "additionalProperties") continue; // each extra field is reported on its own
    const missing =
      e.keyword === "required" ? (e.params?.requiredProperties as string[] | undefined) : undefined;
    const path = e.instancePath.replace(/^\//, "").replaceAll("/", ".");
    for (const name of missing ?? [""]) {
      const field = [path, name].filter(Boolean).join(".") || String(context ?? "request");
      byField.set(field, [...(byField.get(field) ?? []), e]);
    }
  }
  return [...byField].map(([field, list]) => {
    if (list.some((e) => e.keyword === "required")) return { field, message: "is required" };
    if (list.some((e) => e.message === "schema is false")) return { field, message: "is not a known field" };
    const alternatives = list.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf");
    const allowed = alternatives
      .filter((e) => e.keyword === "const")
      .map((e) => String(e.params?.allowedValue));
    if (allowed.length > 1) return { field, message: `must be one of: ${allowed.join(", ")}` };
    if (list.length > alternatives.length && alternatives.length > 1)
      return { field, message: alternatives.map(wordsOf).join(", or ") };
    const first = alternatives[0] ?? list[0];
    return { field, message: first ? wordsOf(first) : "is invalid" };
  });
}

const TYPE_NAMES: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "empty (null)",
};

/** A schema error in plain words ("must be at least 1", not "must be >= 1"). */
function wordsOf(e: SchemaError): string {
  const limit = e.params?.limit;
  switch (e.keyword) {
    case "minimum":
      return `must be at least ${limit}`;
    case "maximum":
      return `must be at most ${limit}`;
    case "exclusiveMinimum":
      return `must be more than ${limit}`;
    case "exclusiveMaximum":
      return `must be less than ${limit}`;
    case "minLength":
      return limit === 1 ? "must not be empty" : `must be at least ${limit} characters`;
    case "maxLength":
      return `must be at most ${limit} characters`;
    case "minItems":
      return `must have at least ${counted(Number(limit), "item")}`;
    case "maxItems":
      return `must have at most ${counted(Number(limit), "item")}`;
    case "type":
      return `must be ${TYPE_NAMES[String(e.params?.type)] ?? e.params?.type}`;
    default:
      return e.message ?? "is invalid";
  }
}

/** The 404 of an address no route serves, in the same shape as every other error answer. */
export function sendNoSuchAddress(request: FastifyRequest, reply: FastifyReply) {
  const pathname = request.url.split("?")[0] ?? "/";
  return reply
    .status(404)
    .send({ error: "not_found", message: `No such address: ${request.method} ${pathname}.` });
}
