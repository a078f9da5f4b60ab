import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "intake",
  vitestConfig: "vitest.stryker.intake.config.ts",
  mutate: ["src/applications/application-import.service.ts"],
});
