import "@circles/node-guard";
import { defineConfig } from "vitest/config";

// The browser tests drive the built pages served by the sandbox: no SvelteKit plugin here, so a test
// run never rewrites what a build is writing.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
