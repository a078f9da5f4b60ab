import { mutationTests } from "./vitest.stryker.shared.ts";

// Reports and personal data (stryker.reports.config.mjs): who may read a report, its states and
// outcomes; a member's data exported and deleted, and nothing of anyone else's.
export default mutationTests(["src/reports/*.test.ts", "src/personal-data/*.test.ts"]);
