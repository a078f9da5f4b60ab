import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "editing",
  vitestConfig: "vitest.stryker.editing.config.ts",
  mutate: [
    "src/cohort-matching/matching-edit.service.ts",
    "src/waitlist/seat.repository.ts",
    "src/applications/application-draft.repository.ts",
    "src/applications/application-draft.service.ts",
    "src/applications/member-status.service.ts",
  ],
});
