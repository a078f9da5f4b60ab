import path from "node:path";
import type { DatabaseTarget } from "../db/database.ts";

/** Start-up settings that are missing or wrong: every one of them, in one message. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: string[],
  ) {
    super(
      `${app} cannot start; fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

export type Env = Record<string, string | undefined>;

/** The embedded database's own folder inside the data folder (which also holds the sandbox's files). */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, "postgres");
}

/**
 * DATABASE_URL set: that PostgreSQL server. Not set: the embedded PostgreSQL in DATA_DIR
 * (default ./.data under the directory the command was started from), in its `postgres` folder.
 */
export function readDatabaseTarget(env: Env, problems: string[]): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed || !["postgres:", "postgresql:"].includes(parsed.protocol))
      problems.push(
        "DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://user@host:5432/circles",
      );
    return { kind: "postgres", url };
  }
  const base = env.INIT_CWD || process.cwd();
  return {
    kind: "embedded",
    dataDir: embeddedDatabaseDir(path.resolve(base, env.DATA_DIR?.trim() || ".data")),
  };
}
