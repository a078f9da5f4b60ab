import { mutationTests } from "./vitest.stryker.shared.ts";

// What the reconciler reads and records of a cohort on Discord, and archiving (stryker.provisioning.config.mjs).
export default mutationTests(["src/provisioning/provisioning.service.test.ts"]);
