export { type ApplicantSpec, createTermWorld, type TermWorld } from "../waitlist/term-world.fixture.ts";
export { createTestCommunity, testSnowflake } from "./fixtures.ts";
export { type RunningProcess, runTsx } from "./process.ts";
export { createTestDatabase, testDatabaseKind } from "./test-database.ts";
