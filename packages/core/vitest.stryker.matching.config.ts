import { mutationTests } from "./vitest.stryker.shared.ts";

// The matching checker's and the priority repair's own unit tests under mutation testing
// (stryker.matching.config.mjs). Under the main set (vitest.stryker.config.ts) some tests reach
// checkMatching outside a test body, so Stryker counts 264 of its 613 mutants as "static" (each then
// runs the whole set: about three hours for the module); these pure functions are judged here by
// their own tests, a lower bound of what the main set kills.
export default mutationTests([
  "src/matching/check.test.ts",
  "src/matching/priority-repair.test.ts",
  "src/words.test.ts",
]);
