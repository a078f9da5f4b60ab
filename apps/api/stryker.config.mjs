import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  mutate: [
    "src/plugins/auth.ts:51-86",
    "src/plugins/security.ts:37-112",
    "src/plugins/dashboard.ts",
    "src/plugins/session.ts",
    "src/session/session-cookie.ts:35-74",
    "src/discord/organiser-rights.ts",
  ],
});
