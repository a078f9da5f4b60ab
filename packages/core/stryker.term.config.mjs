import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "term",
  vitestConfig: "vitest.stryker.term.config.ts",
  mutate: [
    "src/sessions/session-run.service.ts",
    "src/sessions/session-run.repository.ts",
    "src/attendance/attendance.service.ts",
    "src/attendance/attendance.repository.ts",
    "src/feedback/feedback.service.ts",
    "src/feedback/feedback.repository.ts",
    "src/check-ins/check-in.service.ts",
    "src/check-ins/check-in.repository.ts",
    "src/check-ins/live-group.repository.ts",
    "src/term-view/term-view.service.ts",
  ],
});
