import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  mutate: [
    "src/provisioning/plan.ts",
    "src/provisioning/preflight.ts",
    "src/provisioning/apply.ts",
    "src/provisioning/reconcile.ts",
  ],
});
