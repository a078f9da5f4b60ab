import "@circles/node-guard";
import { defineConfig } from "vitest/config";

// The reconciler's tests under mutation testing (stryker.config.mjs): the plan from desired and actual
// state, and the preflight against Discord's limits. Pure functions; every test file runs in `npm test`.
export default defineConfig({
  test: {
    include: ["src/provisioning/*.test.ts", "src/words.test.ts"],
  },
});
