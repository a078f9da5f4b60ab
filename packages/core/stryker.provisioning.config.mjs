import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "provisioning",
  vitestConfig: "vitest.stryker.provisioning.config.ts",
  mutate: ["src/provisioning/provisioning.service.ts", "src/provisioning/provisioning.repository.ts"],
});
