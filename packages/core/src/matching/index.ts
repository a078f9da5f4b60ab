// The matching's public surface (package export "@circles/core/matching").

export { unbalancedLowerBound, unbalancedLowerBoundAnyRequests } from "./balance-bound.ts";
export { checkMatching } from "./check.ts";
export {
  type EditOutcome,
  movePerson,
  type Pins,
  pinPerson,
  rematchUnpinned,
  swapPeople,
  unpinPerson,
} from "./edits.ts";
export {
  type CohortProfile,
  type GenerateCohortOptions,
  generateCohort,
  ISSUE_8_COHORT,
} from "./generate-cohort.ts";
export type { Problem } from "./json-schema-problems.ts";
export { matchCohort, runMatcherWithVerdict } from "./matcher.ts";
export {
  areaMask,
  areaShare,
  createScoringIndex,
  experienceSpread,
  groupSoftScoreSum,
  interestShare,
  isBindingRequester,
  isUnbalanced,
  menteeMentorScore,
  menteeSoftScore,
  mentorsAreaMask,
  type ScoringIndex,
  type ScoringPerson,
  softScore,
  WEIGHT_BUDDY_AREAS,
  WEIGHT_EXPERIENCE_SPREAD,
  WEIGHT_INTERESTS,
  WEIGHT_MENTOR_AREAS,
} from "./score.ts";
export * from "./types.ts";
export {
  DEFAULT_GROUP_SHAPE,
  type ParseCohortResult,
  parseCohort,
  toCohortFile,
  validateCohortValue,
} from "./validate-cohort.ts";
export { type ParseResultResult, parseResult } from "./validate-result.ts";
