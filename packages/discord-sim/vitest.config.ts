import "@circles/node-guard";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Every simulator started with the default plugins checks each REST exchange against openapi.json.
    setupFiles: ["src/conformance/vitest-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
