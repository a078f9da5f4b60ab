import "@circles/node-guard";
import { defineConfig } from "vitest/config";

// The reconciler's tests under mutation testing (stryker.config.mjs): the plan from desired and actual
// state and the preflight against Discord's limits (pure functions), and the plan applied and the runs
// against one simulator and one database a file (apply.test.ts, reconcile.test.ts: a few seconds each).
// Every test file runs in `npm test`.
export default defineConfig({
  test: {
    include: ["src/provisioning/*.test.ts"],
  },
});
