// Repositories for test and benchmark set-up that no service offers (a group row as provisioning left
// it, a cohort put in a state directly): the apps' tests reach them here, not by path.
export { ApplicationRepository } from "../applications/application.repository.ts";
export { CohortRepository } from "../cohorts/cohort.repository.ts";
export { GroupRepository } from "../groups/group.repository.ts";
export { SeatRepository } from "../waitlist/seat.repository.ts";
export { type ApplicantSpec, createTermWorld, type TermWorld } from "../waitlist/term-world.fixture.ts";
export { createTestCommunity, programSchedule, testSnowflake, twoCommunities } from "./fixtures.ts";
export { type RunningProcess, runTsx } from "./process.ts";
export { createTestDatabase, testDatabaseKind } from "./test-database.ts";
