import "@circles/node-guard";
import { defineConfig } from "vitest/config";

// The tests that carry the guarantees under mutation testing (stryker.config.mjs): focused route,
// hierarchy, window and gateway tests. The end-to-end discord.js and conformance suites also cover
// these modules but take seconds per mutant; they run in `npm test`, not here.
export default defineConfig({
  test: {
    include: [
      "src/permissions/*.test.ts",
      "test/permissions-*.test.ts",
      "test/time-windows.test.ts",
      "test/rest-errors.test.ts",
      "test/rest-bot-token.test.ts",
      "test/role-routes-edges.test.ts",
      "test/member-routes-edges.test.ts",
      "test/member-overwrites.test.ts",
      "test/discordjs-shards.test.ts",
      "test/gateway-protocol.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
