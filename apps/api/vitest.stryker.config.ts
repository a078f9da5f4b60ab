import "@circles/node-guard";
import { defineConfig } from "vitest/config";

// The tests that carry the access guarantees under mutation testing (stryker.config.mjs): the access
// matrix built from the registered routes, cross-site and session-cookie checks, and the real login
// with its organiser rights; the dashboard's page with the CSP of its own bootstrap script. Every test file runs in `npm test`.
export default defineConfig({
  test: {
    include: [
      "test/access-matrix.test.ts",
      "test/security.test.ts",
      "test/oauth-login.test.ts",
      "test/organiser-rights.test.ts",
      "test/dashboard-serving.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
