import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sendNoSuchAddress } from "./error-handler.ts";

export interface BuiltDashboard {
  dir: string;
  /** CSP sources ('sha256-…') of the inline scripts of index.html (SvelteKit's bootstrap). */
  scriptHashes: string[];
}

/**
 * Reads the built dashboard (adapter-static output) once at start-up. The inline bootstrap script of
 * its index.html changes with each build, so its hash is taken from the very file that will be served.
 */
export async function readBuiltDashboard(dir: string): Promise<BuiltDashboard> {
  const html = await readFile(path.join(dir, "index.html"), "utf8");
  const scriptHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) =>
      `'sha256-${createHash("sha256")
        .update(body ?? "")
        .digest("base64")}'`,
  );
  return { dir, scriptHashes };
}

const NO_CACHE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the dashboard from the API's origin: files as they are (hashed `_app/immutable` files cached
 * for a year, everything else revalidated), and index.html for any other GET outside /api so that the
 * single-page app opens on a deep link. Unknown /api paths keep their JSON 404.
 */
export const dashboardPlugin = fp(async (app: FastifyInstance, options: { dashboard: BuiltDashboard }) => {
  const root = path.resolve(options.dashboard.dir);
  await app.register(fastifyStatic, {
    root,
    cacheControl: false,
    setHeaders: (reply, file) => {
      const relative = path.relative(root, file).split(path.sep).join("/");
      reply.header("cache-control", relative.startsWith("_app/immutable/") ? IMMUTABLE : NO_CACHE);
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split("?")[0] ?? "/";
    if ((request.method === "GET" || request.method === "HEAD") && !/^\/api(\/|$)/.test(pathname))
      return reply.header("cache-control", NO_CACHE).sendFile("index.html", root, { cacheControl: false });
    return sendNoSuchAddress(request, reply);
  });
});

/** This repository's dashboard build (`npm run build`), when it has been built; else undefined. */
export function builtDashboardDir(): string | undefined {
  const dir = fileURLToPath(new URL("../../../dashboard/build", import.meta.url));
  return existsSync(path.join(dir, "index.html")) ? dir : undefined;
}
