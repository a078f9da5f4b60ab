import { mutationConfig } from "../../stryker.base.mjs";

export default mutationConfig({
  mutate: [
    "src/cohorts/cohort-state.ts",
    "src/cohorts/cohort.repository.ts",
    "src/cohorts/cohort.service.ts",
    "src/members/member.repository.ts",
    "src/members/member.service.ts",
    "src/communities/community.repository.ts",
    "src/communities/community.service.ts",
    "src/applications/application.repository.ts",
    "src/applications/application.service.ts",
    "src/code-of-conduct/code-of-conduct.repository.ts",
    "src/code-of-conduct/code-of-conduct.service.ts",
    "src/sessions/session.repository.ts",
    "src/sessions/session.service.ts",
    "src/groups/group.repository.ts",
    "src/cohort-matching/cohort-matching.service.ts",
    "src/cohort-matching/matching-run.repository.ts",
    "src/audit/audit.repository.ts",
    "src/matching/cli-run.ts",
    "src/waitlist/waitlist.service.ts",
  ],
});
