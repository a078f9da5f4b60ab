// The one StrykerJS configuration of `npm run mutate`: each package's stryker.*.config.mjs names only
// what it mutates, the vitest configuration that runs its tests, and a set name. A set has its own
// incremental report (committed, so a rerun tests only mutants whose code or tests changed) and its
// own temporary folder, so two sets can run at once.
/**
 * @param {{ set?: string; mutate: string[]; vitestConfig?: string }} options
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function mutationConfig({ set, mutate, vitestConfig = "vitest.stryker.config.ts" }) {
  const suffix = set ? `-${set}` : "";
  return {
    testRunner: "vitest",
    vitest: { configFile: vitestConfig },
    coverageAnalysis: "perTest",
    incremental: true,
    incrementalFile: `reports/stryker-incremental${suffix}.json`,
    concurrency: 1,
    timeoutMS: 30_000,
    thresholds: { high: 95, low: 90, break: 90 },
    reporters: ["clear-text", "progress"],
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    tempDirName: `.stryker-tmp${suffix}`,
    // Other sets' temporary folders (a set running at the same time) stay out of this one's sandbox.
    ignorePatterns: ["/.stryker-tmp*"],
    mutate,
  };
}
