import { DomainError } from "@circles/core";
import type { FastifyError, FastifyInstance } from "fastify";
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
      return reply.status(400).send({
        error: "invalid",
        message: error.message,
        problems: error.validation.map((v) => ({
          field:
            v.instancePath.replace(/^\//, "").replaceAll("/", ".") ||
            String(v.params?.missingProperty ?? error.validationContext ?? ""),
          message: v.message ?? "is invalid",
        })),
      });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    return reply.status(status).send({
      error: status >= 500 ? "internal" : "request",
      message: status >= 500 ? "Something went wrong on our side; it has been logged." : error.message,
    });
  });
});
