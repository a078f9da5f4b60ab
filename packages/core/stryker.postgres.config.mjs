import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "postgres",
  vitestConfig: "vitest.stryker.postgres.config.ts",
  mutate: ["src/jobs/job-queue.ts"],
});
