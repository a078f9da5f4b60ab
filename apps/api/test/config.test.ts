import { ConfigError } from "@circles/core";
import { describe, expect, it } from "vitest";
import { readApiConfig } from "../src/config.ts";

describe("the API's settings", () => {
  it("needs none: port 3000 on 127.0.0.1 with the embedded database in ./.data", () => {
    const config = readApiConfig({ INIT_CWD: "/srv/circles" });
    expect(config).toEqual({
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      database: { kind: "embedded", dataDir: "/srv/circles/.data" },
    });
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = readApiConfig({ DATABASE_URL: "postgres://circles@db:5432/circles", PORT: "8080" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://circles@db:5432/circles" });
    expect(config.port).toBe(8080);
  });

  it("names every bad setting in one message", () => {
    const error = (() => {
      try {
        readApiConfig({ PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT must be a port number/);
    expect(message).toMatch(/LOG_LEVEL must be one of/);
    expect(message).toMatch(/DATABASE_URL must be a postgres:\/\//);
  });
});
