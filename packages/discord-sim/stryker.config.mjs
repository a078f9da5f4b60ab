import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  mutate: [
    "src/permissions/compute.ts",
    "src/gateway/shard.ts",
    "src/gateway/server.ts:334-344",
    "src/rest/common.ts",
    "src/rest/members.ts:21-36",
    "src/rest/members.ts:88-183",
    "src/rest/roles.ts",
    "src/rest/interactions.ts:19-34",
    "src/rest/webhooks.ts:17-24",
  ],
});
