import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  set: "events",
  vitestConfig: "vitest.stryker.events.config.ts",
  mutate: [
    "src/events/program-event.service.ts",
    "src/events/program-event.repository.ts",
    "src/gatherings/gathering.service.ts",
    "src/gatherings/gathering.repository.ts",
    "src/announcements/term-notice.service.ts",
    "src/announcements/term.repository.ts",
    "src/deliveries/delivery.repository.ts",
    "src/communities/community-directory.service.ts",
    "src/communities/community-directory.repository.ts",
  ],
});
