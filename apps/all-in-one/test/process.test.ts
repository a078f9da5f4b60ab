import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runTsx } from "@circles/core/testing";
import { afterAll, describe, expect, it } from "vitest";

// The real processes as `npm start` and `npm run act` run them.
const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = await mkdtemp(path.join(tmpdir(), "circles-start-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("npm start and npm run act", { timeout: 120_000 }, () => {
  it("starts the sandbox with no settings, answers as a member through act, and stops cleanly", async () => {
    const start = runTsx(appDir, "src/main.ts", [], { DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn" });
    try {
      const [, dashboard] = await start.waitFor(/Dashboard +(http:\/\/127\.0\.0\.1:\d+)/);
      expect((await fetch(`${dashboard}/health`)).status).toBe(200);

      const act = runTsx(appDir, "src/act.ts", ["Mei Ling Tan", "/cohort", "status"], { DATA_DIR: dataDir });
      expect(await act.exited).toBe(0);
      expect(act.output()).toMatch(/\*\*Mentoring program \d{4}\*\* is \*\*applications open\*\*/);

      // A report, step by step as a member makes it; the organisers hear of it by DM.
      const actAs = async (...args: string[]) => {
        const step = runTsx(appDir, "src/act.ts", args, { DATA_DIR: dataDir });
        expect({ args, code: await step.exited }).toEqual({ args, code: 0 });
        return step.output();
      };
      expect(await actAs("Mei Ling Tan", "dms")).toContain("Mei Ling Tan has no direct messages.");
      expect(await actAs("Ethan Chua", "/report")).toContain("choose 1 <values>");
      expect(await actAs("Ethan Chua", "choose", "1", "fees")).toContain("press 1");
      expect(await actAs("Ethan Chua", "press", "1")).toContain("[form] Report (anonymous)");
      expect(await actAs("Ethan Chua", "fill", "what=Asked to pay for sessions")).toMatch(
        /reference is \*\*#1-/,
      );
      expect(await actAs("Mei Ling Tan", "dms", "1")).toContain("Report #1 about **Fees** arrived.");

      const unknown = runTsx(appDir, "src/act.ts", ["Nobody Here", "/status"], { DATA_DIR: dataDir });
      expect(await unknown.exited).toBe(1);
      expect(unknown.output()).toContain('no member "Nobody Here" in the demo server');
    } finally {
      start.kill("SIGTERM");
      expect(await start.exited).toBe(0);
    }
  });

  it("refuses a database server without a Discord token, naming the fix", async () => {
    const start = runTsx(appDir, "src/main.ts", [], {
      DATABASE_URL: "postgres://x@127.0.0.1/x",
      DISCORD_TOKEN: "",
    });
    expect(await start.exited).toBe(78);
    expect(start.output()).toMatch(/DATABASE_URL is set but DISCORD_TOKEN is not/);
    expect(start.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("on real Discord needs both apps' settings, every missing one named at once", async () => {
    const start = runTsx(appDir, "src/main.ts", [], { DISCORD_TOKEN: "token", DATA_DIR: dataDir });
    expect(await start.exited).toBe(78);
    for (const name of ["DISCORD_APPLICATION_ID", "DISCORD_CLIENT_ID", "PUBLIC_URL", "SESSION_SECRET"])
      expect(start.output()).toContain(name);
  });

  it("act explains what to do when the sandbox is not there", async () => {
    const act = runTsx(appDir, "src/act.ts", ["Mei Ling Tan", "/status"], {
      DATA_DIR: path.join(dataDir, "none"),
    });
    expect(await act.exited).toBe(1);
    expect(act.output()).toMatch(/sandbox\.json is missing: start the sandbox first with `npm start`/);
  });
});
