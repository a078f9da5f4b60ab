import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sendNoSuchAddress } from "./error-handler.ts";
import { contentSecurityPolicyFor } from "./security.ts";

/** The built index.html and the CSP that lets its inline bootstrap run. */
interface IndexPage {
  html: string;
  contentSecurityPolicy: string;
  mtimeMs: number;
}

/**
 * Reads index.html when a build has replaced it (its modification time changed), so the CSP sent with the
 * page always holds the hash of the bootstrap script in the very page sent: each build changes it.
 */
export function indexPageReader(dir: string): () => Promise<IndexPage> {
  const file = path.join(dir, "index.html");
  let page: IndexPage | undefined;
  return async () => {
    const { mtimeMs } = await stat(file);
    // Stryker disable next-line ConditionalExpression: reading an unchanged page again gives the same page, only slower.
    if (page?.mtimeMs !== mtimeMs) {
      const html = await readFile(file, "utf8");
      const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(([, body]) =>
        sha256Source(body),
      );
      page = { html, contentSecurityPolicy: contentSecurityPolicyFor(hashes), mtimeMs };
    }
    return page;
  };
}

/** The CSP source of an inline script's text. */
// Stryker disable next-line StringLiteral: a match's script group is always there (maybe empty).
function sha256Source(text = ""): string {
  return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

const NO_CACHE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the dashboard from the API's origin: files as they are (hashed `_app/immutable` files cached
 * for a year, everything else revalidated), and index.html for any other GET outside /api so that the
 * single-page app opens on a deep link, with its own CSP. Unknown /api paths keep their JSON 404.
 */
export const dashboardPlugin = fp(async (app: FastifyInstance, options: { dir: string }) => {
  const root = path.resolve(options.dir);
  const indexPage = indexPageReader(root);
  await app.register(fastifyStatic, {
    root,
    // Stryker disable next-line BooleanLiteral: setHeaders below writes cache-control on every file either way.
    cacheControl: false,
    // index.html only from the handler below, which sends the CSP that lets its bootstrap run (a
    // folder's path too: without an index file the plugin would refuse it).
    index: false,
    allowedPath: (pathname) => pathname !== "/index.html" && !pathname.endsWith("/"),
    setHeaders: (reply, file) => {
      const relative = path.relative(root, file).split(path.sep).join("/");
      reply.header("cache-control", relative.startsWith("_app/immutable/") ? IMMUTABLE : NO_CACHE);
    },
  });
  app.setNotFoundHandler(async (request, reply) => {
    // Stryker disable next-line StringLiteral: split always gives a first part.
    const pathname = request.url.split("?")[0] ?? "/";
    if ((request.method === "GET" || request.method === "HEAD") && !/^\/api(\/|$)/.test(pathname)) {
      const page = await indexPage();
      return reply
        .header("cache-control", NO_CACHE)
        .header("content-security-policy", page.contentSecurityPolicy)
        .type("text/html; charset=utf-8")
        .send(page.html);
    }
    return sendNoSuchAddress(request, reply);
  });
});

/** This repository's dashboard build (`npm run build`), when it has been built; else undefined. */
// Stryker disable all: the repository's own build folder; the sandbox's and the browser's tests load the dashboard through it.
export function builtDashboardDir(): string | undefined {
  const dir = fileURLToPath(new URL("../../../dashboard/build", import.meta.url));
  return existsSync(path.join(dir, "index.html")) ? dir : undefined;
}
// Stryker restore all
