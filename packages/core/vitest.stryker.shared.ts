import "@circles/node-guard";
import { defineConfig } from "vitest/config";

/** The vitest configuration of one mutation-testing set (stryker*.config.mjs): its test files only,
 * so that its dry run and its mutants run just the tests that judge its modules. */
export function mutationTests(include: string[], env?: Record<string, string>) {
  return defineConfig({ test: { include, env, testTimeout: 30_000, hookTimeout: 60_000 } });
}
