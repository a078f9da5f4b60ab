import { ConfigError } from "@circles/core";
import { describe, expect, it } from "vitest";
import { readBotConfig } from "./config.ts";

const REQUIRED = {
  DISCORD_TOKEN: "token",
  DISCORD_APPLICATION_ID: "123456789012345678",
  INIT_CWD: "/srv/circles",
};

describe("the bot's settings", () => {
  it("needs the token and the application id; Discord's API and the embedded database by default", () => {
    expect(readBotConfig(REQUIRED)).toEqual({
      discord: { token: "token", applicationId: "123456789012345678", apiUrl: "https://discord.com/api" },
      database: { kind: "embedded", dataDir: "/srv/circles/.data/postgres" },
      logLevel: "info",
    });
  });

  it("takes the dashboard's address for links, without a trailing slash", () => {
    expect(readBotConfig({ ...REQUIRED, PUBLIC_URL: "https://circles.example.org/" }).dashboardUrl).toBe(
      "https://circles.example.org",
    );
  });

  it("names every bad setting in one error", () => {
    let error: unknown;
    try {
      readBotConfig({
        DISCORD_APPLICATION_ID: "x",
        PUBLIC_URL: "circles.example.org",
        DATABASE_URL: "mysql://x",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "DISCORD_TOKEN is missing: the bot token from the Developer Portal (Bot → Reset Token)",
      "DISCORD_APPLICATION_ID must be the application's id (15-21 digits, Developer Portal → General Information)",
      'PUBLIC_URL must be the dashboard\'s http(s) address, not "circles.example.org"',
      "DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://user@host:5432/circles",
    ]);
  });
});
