import "@circles/node-guard";
import { defineConfig } from "vitest/config";

// The job queue's tests under mutation testing on the PostgreSQL server (stryker.postgres.config.json):
// its PostgreSQL branch runs only there, its embedded one in a test of its own.
export default defineConfig({
  test: {
    include: ["src/jobs/job-queue.test.ts"],
    env: {
      TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
