import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "reports",
  vitestConfig: "vitest.stryker.reports.config.ts",
  mutate: [
    "src/reports/report.repository.ts",
    "src/reports/report.service.ts",
    "src/personal-data/personal-data.repository.ts",
    "src/personal-data/personal-data.service.ts",
  ],
});
