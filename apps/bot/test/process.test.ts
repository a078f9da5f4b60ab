import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runTsx } from "@circles/core/testing";
import { type Simulator, startSimulator } from "@circles/discord-sim";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../src/commands/index.ts";

// The bot's own processes, as `npm run start:bot` and `npm run deploy-commands` run them.
const botDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("the bot process", { timeout: 120_000 }, () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo" });
  });
  afterAll(() => sim.close());

  const discordEnv = () => ({
    DISCORD_TOKEN: sim.botToken,
    DISCORD_APPLICATION_ID: sim.applicationId,
    DISCORD_API_URL: sim.urls.api,
  });

  it("names every bad setting at once and exits 78, with no stack trace", async () => {
    const bot = runTsx(botDir, "src/server.ts", [], {
      DISCORD_TOKEN: "",
      DISCORD_APPLICATION_ID: "abc",
      DISCORD_API_URL: "ftp://x",
      LOG_LEVEL: "loud",
    });
    expect(await bot.exited).toBe(78);
    const output = bot.output();
    for (const name of [
      "DISCORD_TOKEN is missing",
      "DISCORD_APPLICATION_ID must be",
      "DISCORD_API_URL must be",
      "LOG_LEVEL must be",
    ])
      expect(output).toContain(name);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("refuses to start on a database with pending migrations, naming the fix", async () => {
    const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
    const name = `circles_unmigrated_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      const bot = runTsx(botDir, "src/server.ts", [], { ...discordEnv(), DATABASE_URL: url.toString() });
      expect(await bot.exited).toBe(78);
      expect(bot.output()).toMatch(/pending migration\(s\).*npm run migrate/s);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it("deploy-commands registers the command list in one guild, and again harmlessly", async () => {
    for (let round = 0; round < 2; round++) {
      const deploy = runTsx(botDir, "src/deploy-commands.ts", ["--guild", sim.guildId], discordEnv());
      expect(await deploy.exited).toBe(0);
      expect(deploy.output()).toContain(`${commands.length} commands registered in guild ${sim.guildId}`);
    }
    const names = sim.state.commandsOf(sim.applicationId, sim.guildId).map((c) => c.name);
    expect(names.sort()).toEqual(commands.map((c) => c.data.name).sort());
  });

  it("deploy-commands names a bad argument and exits 2", async () => {
    const deploy = runTsx(botDir, "src/deploy-commands.ts", ["--guild", "me"], discordEnv());
    expect(await deploy.exited).toBe(2);
    expect(deploy.output()).toContain("--guild needs a server id");
    const extra = runTsx(botDir, "src/deploy-commands.ts", ["--global"], discordEnv());
    expect(await extra.exited).toBe(2);
    expect(extra.output()).toContain("unknown argument(s): --global");
  });
});
