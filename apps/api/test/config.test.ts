import { ConfigError } from "@circles/core";
import { describe, expect, it } from "vitest";
import { readApiConfig } from "../src/config.ts";

const AUTH = {
  DISCORD_CLIENT_ID: "123456789012345678",
  DISCORD_CLIENT_SECRET: "s3cret",
  PUBLIC_URL: "https://circles.example.org/",
  SESSION_SECRET: "x".repeat(32),
};

function configError(env: Record<string, string>): string {
  try {
    readApiConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("readApiConfig accepted bad settings");
}

describe("the API's settings", () => {
  it("needs only the Discord application and the session secret: port 3000 on 127.0.0.1, embedded database", () => {
    const config = readApiConfig({ INIT_CWD: "/srv/circles", ...AUTH });
    expect(config).toEqual({
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      database: { kind: "embedded", dataDir: "/srv/circles/.data/postgres" },
      auth: {
        clientId: "123456789012345678",
        clientSecret: "s3cret",
        publicUrl: "https://circles.example.org",
        sessionSecret: "x".repeat(32),
        discordApiUrl: "https://discord.com/api",
      },
    });
  });

  it("uses PostgreSQL when DATABASE_URL is set, and DISCORD_API_URL when given", () => {
    const config = readApiConfig({
      ...AUTH,
      DATABASE_URL: "postgres://circles@db:5432/circles",
      PORT: "8080",
      DISCORD_API_URL: "http://127.0.0.1:4000/api/",
    });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://circles@db:5432/circles" });
    expect(config.port).toBe(8080);
    expect(config.auth.discordApiUrl).toBe("http://127.0.0.1:4000/api");
  });

  it("names every bad setting in one message", () => {
    const message = configError({ PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
    expect(message).toMatch(/PORT must be a port number/);
    expect(message).toMatch(/LOG_LEVEL must be one of/);
    expect(message).toMatch(/DATABASE_URL must be a postgres:\/\//);
    expect(message).toMatch(/DISCORD_CLIENT_ID must be/);
    expect(message).toMatch(/DISCORD_CLIENT_SECRET must be/);
    expect(message).toMatch(/PUBLIC_URL must be/);
    expect(message).toMatch(/SESSION_SECRET must be 32 characters or longer/);
  });

  it("refuses a short session secret, a public URL that is not http(s) and a bad Discord API URL", () => {
    const message = configError({
      ...AUTH,
      SESSION_SECRET: "x".repeat(31),
      PUBLIC_URL: "ftp://example.org",
      DISCORD_API_URL: "discord",
      DISCORD_CLIENT_ID: "12ab",
    });
    expect(message).toMatch(/SESSION_SECRET/);
    expect(message).toMatch(/PUBLIC_URL/);
    expect(message).toMatch(/DISCORD_API_URL/);
    expect(message).toMatch(/DISCORD_CLIENT_ID/);
    expect(message).not.toMatch(/DISCORD_CLIENT_SECRET/);
  });
});
