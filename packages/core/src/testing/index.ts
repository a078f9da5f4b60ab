export { createTestCommunity, testSnowflake } from "./fixtures.ts";
export { createTestDatabase, testDatabaseKind } from "./test-database.ts";
