export { createTestCommunity, testSnowflake } from "./fixtures.ts";
export { type RunningProcess, runTsx } from "./process.ts";
export { createTestDatabase, testDatabaseKind } from "./test-database.ts";
