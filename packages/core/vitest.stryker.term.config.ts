import { mutationTests } from "./vitest.stryker.shared.ts";

// A running term (stryker.term.config.mjs): sessions started and closed, attendance from the voice
// rooms, feedback, buddy check-ins, and the organisers' views of them.
export default mutationTests([
  "src/sessions/session-run.service.test.ts",
  "src/attendance/*.test.ts",
  "src/feedback/*.test.ts",
  "src/term-view/*.test.ts",
  "src/check-ins/*.test.ts",
]);
