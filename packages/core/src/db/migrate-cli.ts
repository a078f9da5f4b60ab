import "@circles/node-guard";
import { ConfigError, readDatabaseTarget } from "../config/database-config.ts";
import { openDatabase } from "./database.ts";
import { migrateToLatest } from "./migrator.ts";

// `npm run migrate`: brings the database named by DATABASE_URL (or the embedded one) up to date.
const problems: string[] = [];
const target = readDatabaseTarget(process.env, problems);
if (problems.length > 0) {
  console.error(new ConfigError("Migrations", problems).message);
  process.exit(78);
}
const handle = await openDatabase(target);
try {
  const applied = await migrateToLatest(handle.db);
  const where = target.kind === "postgres" ? "PostgreSQL" : `the embedded database in ${target.dataDir}`;
  console.log(applied.length ? `Applied ${applied.join(", ")} to ${where}.` : `${where} is up to date.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
