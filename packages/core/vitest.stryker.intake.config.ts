import { mutationTests } from "./vitest.stryker.shared.ts";

// Importing applications from a survey export (CSV): the preview's checks of each row and the commit
// (stryker.intake.config.mjs).
export default mutationTests(["src/applications/application-import.service.test.ts"]);
