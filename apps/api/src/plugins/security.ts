import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import helmet, { type HelmetOptions } from "helmet";
import { SESSION_COOKIE } from "../session/session-cookie.ts";

/**
 * The Content-Security-Policy of every answer, the built dashboard's pages included: the one place to
 * adjust it. SvelteKit's adapter-static pages start with an inline bootstrap script; the page's answer
 * adds its hash (sha256-…, from the index.html served: contentSecurityPolicyFor).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Svelte transitions and style: attributes write inline styles.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "https://cdn.discordapp.com"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Per-route rate limits (config.rateLimit); keyed by the person when logged in, else the address. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: "1 minute" };
export const MUTATION_RATE_LIMIT = { max: 60, timeWindow: "1 minute" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface SecurityOptions {
  /** Script sources beside 'self' on every answer. */
  scriptSources: string[];
}

/** Helmet's CSP options: our policy, with these script sources beside 'self'. */
function cspOptions(scriptSources: string[]): NonNullable<HelmetOptions["contentSecurityPolicy"]> {
  return {
    useDefaults: false,
    directives: {
      ...CONTENT_SECURITY_POLICY,
      scriptSrc: [...CONTENT_SECURITY_POLICY.scriptSrc, ...scriptSources],
    },
  };
}

/** The Content-Security-Policy header of a page whose inline scripts have these hashes ('sha256-…'). */
export function contentSecurityPolicyFor(scriptSources: string[]): string {
  const policy = helmetHeaders({ contentSecurityPolicy: cspOptions(scriptSources) })[
    "content-security-policy"
  ];
  // Stryker disable next-line ConditionalExpression,BlockStatement,StringLiteral,CallExpression: helmet always writes the policy it is given (or throws); never a page without one.
  if (!policy) throw new Error("helmet wrote no Content-Security-Policy");
  return policy;
}

/** Helmet with the CSP, per-route rate limits, and the Origin check that stops cross-site mutations. */
export const securityPlugin = fp(async (app: FastifyInstance, options: SecurityOptions) => {
  const publicOrigin = new URL(app.authOptions.publicUrl).origin;
  const headers = helmetHeaders({ contentSecurityPolicy: cspOptions(options.scriptSources) });
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(fastifyRateLimit, {
    // Stryker disable next-line BooleanLiteral: reads are not limited; a global default (1,000 a minute) is never reached in a test.
    global: false,
    // A route-level onRequest hook: it runs after the session is read, and before validation, so
    // malformed requests count too.
    // Stryker disable next-line StringLiteral: onRequest is also the plugin's default hook.
    hook: "onRequest",
    keyGenerator: (request) => (request.session ? `user:${request.session.userId}` : `ip:${request.ip}`),
    // Thrown, then answered by the error handler (error "rate_limited").
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      message: `Too many requests; try again in ${context.after}.`,
    }),
  });
  // SameSite=Lax keeps the cookie off cross-site POSTs in browsers; the Origin check covers the rest:
  // a mutation must come from the dashboard's own origin, and one carrying our cookie must say where
  // it comes from.
  app.addHook("onRequest", async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    const carriesSession = request.headers.cookie?.includes(`${SESSION_COOKIE}=`) ?? false;
    if (origin === undefined ? carriesSession : origin !== publicOrigin)
      return reply.status(403).send({
        error: "forbidden",
        message: `Refused: changes are accepted only from ${publicOrigin} (the request's Origin header is ${origin ?? "missing"}).`,
      });
  });
});

/**
 * Helmet's headers for these options, worked out once. They depend on nothing in the request, and
 * @fastify/helmet builds helmet again (parsing the CSP) on every request: a tenth of a GET's CPU.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    // Helmet removes only X-Powered-By, which these headers never hold.
    removeHeader: () => {},
  };
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}
