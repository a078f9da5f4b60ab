import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "matching",
  vitestConfig: "vitest.stryker.matching.config.ts",
  mutate: ["src/matching/check.ts", "src/words.ts", "src/matching/improve.ts:463-501"],
});
