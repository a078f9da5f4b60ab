import { mutationTests } from "./vitest.stryker.shared.ts";

// The job queue's tests under mutation testing on the PostgreSQL server (stryker.postgres.config.mjs):
// its PostgreSQL branch runs only there, its embedded one in a test of its own.
export default mutationTests(["src/jobs/job-queue.test.ts"], {
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
});
