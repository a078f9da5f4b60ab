import "@circles/node-guard";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts a simulator, a database and a discord.js client: two at a time fit 2 cores.
    maxWorkers: 2,
  },
});
