import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  mutate: [
    "src/plugins/auth.ts:51-86",
    "src/plugins/security.ts:38-99",
    "src/plugins/session.ts",
    "src/session/session-cookie.ts:35-74",
    "src/discord/organiser-rights.ts",
  ],
});
