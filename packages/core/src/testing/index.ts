export { createTestDatabase, testDatabaseKind } from "./test-database.ts";
