import { ConfigError } from "../config/database-config.ts";
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from "./database.ts";
import { assertNoPendingMigrations, migrateToLatest, PendingMigrationsError } from "./migrator.ts";

/**
 * The database an app runs on: the embedded one is migrated in place (it is the app's own); a server
 * must have been migrated with `npm run migrate`, else the app refuses to start and says so.
 */
export async function openDatabaseForApp(target: DatabaseTarget): Promise<DatabaseHandle> {
  const database = await openDatabase(target);
  try {
    if (target.kind === "embedded") await migrateToLatest(database.db);
    else await assertNoPendingMigrations(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * How an app's entry point ends on a start-up failure: a setting or the schema to fix is named in one
 * message with exit code 78 (EX_CONFIG) and no stack trace, as is a port that is taken; anything else is
 * an error (exit 1) with its stack.
 */
export function exitOnStartupError(
  error: unknown,
  alsoConfig: (error: unknown) => boolean = () => false,
): never {
  if (error instanceof ConfigError || error instanceof PendingMigrationsError || alsoConfig(error)) {
    console.error((error as Error).message);
    process.exit(78);
  }
  if ((error as { code?: string }).code === "EADDRINUSE") {
    console.error(
      `${(error as Error).message}: another program (another Circles?) uses that port; stop it or set PORT`,
    );
    process.exit(78);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}
