import { mutationTests } from "./vitest.stryker.shared.ts";

// What the program announces and gathers (stryker.events.config.mjs): program events and gatherings,
// the term's notices and their deliveries (each sent once), and the directory of communities.
export default mutationTests([
  "src/events/*.test.ts",
  "src/gatherings/*.test.ts",
  "src/announcements/*.test.ts",
  "src/deliveries/*.test.ts",
  "src/communities/community-directory.service.test.ts",
  "src/sessions/session-run.service.test.ts",
]);
