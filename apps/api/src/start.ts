import type { DatabaseHandle } from "@circles/core";
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import { app } from "./app.ts";

export interface ApiOptions {
  database: DatabaseHandle;
  logLevel?: string;
}

/** Builds the API on the dependencies it is given (tests, the API process, the embedded default). */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: options.logLevel ?? "info" },
  }).withTypeProvider<TypeBoxTypeProvider>();
  fastify.setValidatorCompiler(TypeBoxValidatorCompiler);
  await fastify.register(app, { database: options.database });
  return fastify;
}
