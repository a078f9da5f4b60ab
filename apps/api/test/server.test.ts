import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The real entry point as `npm start` runs it, on the embedded database in a temporary folder.
const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = path.resolve(apiDir, "../../node_modules/tsx/dist/cli.mjs");
const dataDir = await mkdtemp(path.join(tmpdir(), "circles-api-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const AUTH_ENV = {
  DISCORD_CLIENT_ID: "123456789012345678",
  DISCORD_CLIENT_SECRET: "secret",
  PUBLIC_URL: "http://127.0.0.1:3000",
  SESSION_SECRET: "a session secret of at least 32 characters",
};

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [tsx, "src/server.ts"], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: "", TEST_DATABASE_URL: "", ...AUTH_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => output };
}

describe("the API process", () => {
  it("starts with only the Discord settings on the embedded database, migrates it and answers /health", async () => {
    const server = runServer({ PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = server.output().match(/listening at http:\/\/127\.0\.0\.1:(\d+)/);
          if (match) {
            clearInterval(timer);
            resolve(Number(match[1]));
          }
        }, 50);
        server.exited.then((code) => reject(new Error(`exited ${code}: ${server.output()}`)));
      });
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: "ok",
        database: { kind: "embedded", reachable: true },
      });
    } finally {
      server.child.kill("SIGTERM");
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
