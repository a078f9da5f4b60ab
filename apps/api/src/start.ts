import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type RouteOptions } from "fastify";
import { type AppOptions, app } from "./app.ts";
import { validatorCompiler } from "./validator-compiler.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route as registered (method, url, schema, config): the tests' access matrix reads it. */
    registeredRoutes: RouteOptions[];
  }
}

export interface ApiOptions extends AppOptions {
  logLevel?: string;
}

/** Builds the API on the dependencies it is given (tests, the API process, the embedded default). */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const { logLevel, ...appOptions } = options;
  const fastify = Fastify({
    logger: { level: logLevel ?? "info" },
  }).withTypeProvider<TypeBoxTypeProvider>();
  fastify.setValidatorCompiler(validatorCompiler);
  const routes: RouteOptions[] = [];
  fastify.decorate("registeredRoutes", routes);
  fastify.addHook("onRoute", (route) => {
    routes.push(route);
  });
  await fastify.register(app, appOptions);
  return fastify;
}
