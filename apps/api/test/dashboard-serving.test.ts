import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "./helpers.ts";

// The built dashboard served from the API's origin: a stand-in build in a temporary folder, so that a
// rebuild can be made while the API runs.
let dir: string;
let t: Awaited<ReturnType<typeof startTestApi>>;
// A bootstrap script with an attribute and one without: each inline script's hash goes into the CSP.
const page = (script: string) =>
  `<!doctype html><html><head><script type="module" src="/_app/immutable/app.js"></script><script type="module">${script}</script></head><body><script>${script}.then()</script></body></html>`;
const hashOf = (script: string) => `'sha256-${createHash("sha256").update(script).digest("base64")}'`;
const get = (url: string) => t.api.inject({ method: "GET", url });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "circles-dashboard-"));
  await mkdir(path.join(dir, "_app/immutable"), { recursive: true });
  await writeFile(path.join(dir, "_app/immutable/app.js"), "export {};");
  await writeFile(path.join(dir, "robots.txt"), "User-agent: *");
  await writeFile(path.join(dir, "index.html"), page("start(1)"));
  t = await startTestApi({ dashboardDir: dir });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the dashboard's pages", () => {
  it("sends index.html for the app's paths with a CSP that lets its own bootstrap script run", async () => {
    for (const url of ["/", "/c/123/settings", "/c/123/", "/index.html"]) {
      const answer = await get(url);
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.headers["cache-control"]).toBe("no-cache");
      expect(answer.body).toBe(page("start(1)"));
      expect(answer.headers["content-security-policy"]).toContain(
        `script-src 'self' ${hashOf("start(1)")} ${hashOf("start(1).then()")};`,
      );
    }
    const head = await t.api.inject({ method: "HEAD", url: "/c/123/settings" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-security-policy"]).toContain(hashOf("start(1)"));
    // A path under a page that merely contains "api" is the app's too.
    expect((await get("/c/123/api/settings")).body).toBe(page("start(1)"));
  });

  it("follows a rebuild while running: the new page with its new script's hash, not the old one", async () => {
    await writeFile(path.join(dir, "index.html"), page("start(2); // rebuilt"));
    const answer = await get("/c/123/members");
    expect(answer.body).toBe(page("start(2); // rebuilt"));
    const policy = String(answer.headers["content-security-policy"]);
    expect(policy).toContain(hashOf("start(2); // rebuilt"));
    expect(policy).not.toContain(hashOf("start(1)"));
  });

  it("serves the built files as they are, and other answers allow no inline script", async () => {
    const script = await get("/_app/immutable/app.js");
    expect(script.statusCode).toBe(200);
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const robots = await get("/robots.txt");
    expect(robots.body).toBe("User-agent: *");
    expect(robots.headers["cache-control"]).toBe("no-cache");
    const unknownApi = await get("/api/nothing-here");
    const apiItself = await get("/api");
    const posted = await t.api.inject({ method: "POST", url: "/c/123/settings", payload: {} });
    for (const refused of [unknownApi, apiItself, posted]) {
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ error: "not_found" });
    }
    for (const answer of [script, unknownApi, await get("/health")])
      expect(answer.headers["content-security-policy"]).toContain("script-src 'self';");
  });
});
