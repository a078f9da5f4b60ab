import type { Kysely } from "kysely";
import { type MigrationResultSet, Migrator } from "kysely/migration";
import { migrations } from "./migrations/index.ts";
import type { DB } from "./schema.ts";

export interface MigrationState {
  applied: string[];
  pending: string[];
}

function migratorFor(db: Kysely<DB>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Runs every pending migration; Migrator takes a database lock, so concurrent starts are safe. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const outcome: MigrationResultSet = await migratorFor(db).migrateToLatest();
  if (outcome.error) {
    const failed = outcome.results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`Migration ${failed ?? "(unknown)"} failed: ${String(outcome.error)}`, {
      cause: outcome.error,
    });
  }
  return (outcome.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export async function migrationState(db: Kysely<DB>): Promise<MigrationState> {
  const all = await migratorFor(db).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database has ${pending.length} pending migration(s): ${pending.join(", ")}. ` +
        "Run `npm run migrate` (with the same DATABASE_URL) before starting.",
    );
    this.name = "PendingMigrationsError";
  }
}

/** For apps on a real database: refuse to start on a schema that is behind the code. */
export async function assertNoPendingMigrations(db: Kysely<DB>): Promise<void> {
  const { pending } = await migrationState(db);
  if (pending.length > 0) throw new PendingMigrationsError(pending);
}
