import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runTsx } from "@circles/core/testing";
import { afterAll, describe, expect, it } from "vitest";

// The real entry point as `npm start` runs it, on the embedded database in a temporary folder.
const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = await mkdtemp(path.join(tmpdir(), "circles-api-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const AUTH_ENV = {
  DISCORD_CLIENT_ID: "123456789012345678",
  DISCORD_CLIENT_SECRET: "secret",
  PUBLIC_URL: "http://127.0.0.1:3000",
  SESSION_SECRET: "a session secret of at least 32 characters",
};

const runServer = (env: Record<string, string>) =>
  runTsx(apiDir, "src/server.ts", [], { ...AUTH_ENV, ...env });

describe("the API process", { timeout: 120_000 }, () => {
  it("starts with only the Discord settings on the embedded database, migrates it and answers /health", async () => {
    const server = runServer({ PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      const [, port] = await server.waitFor(/listening at http:\/\/127\.0\.0\.1:(\d+)/);
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: "ok",
        database: { kind: "embedded", reachable: true },
      });
    } finally {
      server.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
  });

  it("refuses to start on bad settings and names them, with no stack trace", async () => {
    const server = runServer({ PORT: "-1", DATABASE_URL: "mysql://nope", SESSION_SECRET: "short" });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(/PORT must be a port number/);
    expect(server.output()).toMatch(/DATABASE_URL must be/);
    expect(server.output()).toMatch(/SESSION_SECRET must be 32 characters or longer/);
    expect(server.output()).not.toMatch(/\s+at /);
  });
});
