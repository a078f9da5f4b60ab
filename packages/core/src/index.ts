export {
  noticeMarker,
  noticeTime,
  type PlannedNotice,
  planSessionNotices,
} from "./announcements/notice-plan.ts";
export type { TermCohort, TermSettingsPatch } from "./announcements/term.repository.ts";
export { type SessionNotice, type TermJob, TermNoticeService } from "./announcements/term-notice.service.ts";
export type {
  ApplicationCounts,
  ApplicationListItem,
  ApplicationPage,
  ApplicationRecord,
  ApplicationSearch,
} from "./applications/application.repository.ts";
export { ApplicationService } from "./applications/application.service.ts";
export type { ApplicationDraftRecord, DraftAnswers } from "./applications/application-draft.repository.ts";
export { ApplicationDraftService, type StartedDraft } from "./applications/application-draft.service.ts";
export { CodeOfConductNotAcceptedError, DraftGoneError } from "./applications/application-errors.ts";
export {
  ApplicationImportService,
  IMPORT_FIELDS,
  type ImportField,
  type ImportMapping,
  type ImportPreview,
  type ImportRow,
} from "./applications/application-import.service.ts";
export {
  APPLICATION_LIMITS,
  type ApplicationDetails,
  type ApplicationInput,
  parseApplicationDetails,
} from "./applications/application-input.ts";
export { type MemberStatus, MemberStatusService } from "./applications/member-status.service.ts";
export type { AttendanceEntry, AttendanceStatus } from "./attendance/attendance.repository.ts";
export { AttendanceService } from "./attendance/attendance.service.ts";
export { type AuditFilter, type AuditRecord, AuditRepository } from "./audit/audit.repository.ts";
export type { CheckInRecord } from "./check-ins/check-in.repository.ts";
export {
  CHECK_IN_NOTE_MAX,
  CHECK_IN_NUDGE_DELAY_MS,
  CheckInService,
  type MyBuddies,
  type PairToNudge,
} from "./check-ins/check-in.service.ts";
export type { LiveGroup } from "./check-ins/live-group.repository.ts";
export {
  CODE_OF_CONDUCT_LIMITS,
  CodeOfConductService,
  type PublishCodeOfConductInput,
} from "./code-of-conduct/code-of-conduct.service.ts";
export {
  CODE_OF_CONDUCT_AREA_LABELS,
  CODE_OF_CONDUCT_AREAS,
  type CodeOfConductArea,
} from "./code-of-conduct/code-of-conduct-areas.ts";
export { programCodeOfConduct } from "./code-of-conduct/program-code-of-conduct.ts";
export {
  CohortMatchingService,
  type MatchingOutcome,
} from "./cohort-matching/cohort-matching.service.ts";
export {
  type EditOptions,
  type MatchingEdit,
  type MatchingEditOutcome,
  MatchingEditService,
} from "./cohort-matching/matching-edit.service.ts";
export type { MatchingRunRecord } from "./cohort-matching/matching-run.repository.ts";
export type { CohortRecord } from "./cohorts/cohort.repository.ts";
export {
  type Actor,
  type CohortPatch,
  CohortService,
  type CreateCohortInput,
} from "./cohorts/cohort.service.ts";
export { COHORT_STATES, canChangeState, nextStates } from "./cohorts/cohort-state.ts";
export type { CommunityRecord } from "./communities/community.repository.ts";
export { CommunityService, type CommunitySettingsInput } from "./communities/community.service.ts";
export type { CommunityDirectory, DirectoryEntry } from "./communities/community-directory.repository.ts";
export { CommunityDirectoryService } from "./communities/community-directory.service.ts";
export { ConfigError, type Env, embeddedDatabaseDir, readDatabaseTarget } from "./config/database-config.ts";
export { LOG_LEVELS, type LogLevel, readLogLevel, readPort } from "./config/settings.ts";
export { parseCsv, toCsv } from "./csv/csv.ts";
export {
  type Database,
  type DatabaseHandle,
  type DatabaseTarget,
  isReachable,
  openDatabase,
} from "./db/database.ts";
export {
  assertNoPendingMigrations,
  type MigrationState,
  migrateToLatest,
  migrationState,
  PendingMigrationsError,
} from "./db/migrator.ts";
export { exitOnStartupError, openDatabaseForApp } from "./db/open-for-app.ts";
export type { CodeOfConductSection, CohortState, DB } from "./db/schema.ts";
export { type Delivery, DeliveryRepository, type DeliveryTarget } from "./deliveries/delivery.repository.ts";
export {
  ConflictError,
  DomainError,
  ForbiddenError,
  IllegalStateChangeError,
  NotFoundError,
  type Problem,
  ValidationError,
} from "./errors.ts";
export type { ProgramEvent } from "./events/program-event.repository.ts";
export { type ProgramEventInput, ProgramEventService } from "./events/program-event.service.ts";
export type { FeedbackEntry, FinalSurvey } from "./feedback/feedback.repository.ts";
export { FEEDBACK_COMMENT_MAX, FeedbackService } from "./feedback/feedback.service.ts";
export type { GatheringCounts, GatheringRecord } from "./gatherings/gathering.repository.ts";
export { GATHERING_LIMITS, GatheringService, parseWhen } from "./gatherings/gathering.service.ts";
export type { GroupRecord } from "./groups/group.repository.ts";
export {
  ensureOnceOnlyQueue,
  ensureWorkerQueue,
  type JobQueue,
  startJobQueue,
  stopJobQueue,
} from "./jobs/job-queue.ts";
export type { MemberSummary } from "./members/member.repository.ts";
export { MemberService } from "./members/member.service.ts";
export {
  EXPORT_TOKEN_TTL_MS,
  type ExportLink,
  hashExportToken,
  PersonalDataService,
} from "./personal-data/personal-data.service.ts";
export * from "./provisioning/index.ts";
export {
  enqueueProvisioning,
  PROVISIONING_QUEUE,
  type ProvisioningJob,
} from "./provisioning/provisioning-queue.ts";
export type { ReportNote, ReportOutcome, ReportState } from "./reports/report.repository.ts";
export {
  type OutcomeResult,
  REPORT_LIMITS,
  REPORT_OUTCOMES,
  REPORT_STATES,
  REPORTS_PER_DAY,
  type ReportDetail,
  type ReportReceipt,
  ReportService,
  type ReportView,
} from "./reports/report.service.ts";
export { type AgendaItem, defaultAgenda, validateAgenda } from "./sessions/agenda.ts";
export { layOutSessions, localInstant, moveSession, type ScheduleInput } from "./sessions/schedule.ts";
export type { SessionRecord } from "./sessions/session.repository.ts";
export { SessionService } from "./sessions/session.service.ts";
export type { SessionRun } from "./sessions/session-run.repository.ts";
export {
  type RunActor,
  type RunContext,
  type RunPlace,
  SessionRunService,
  SHARE_BACK_MAX,
} from "./sessions/session-run.service.ts";
export {
  type AttendanceCounts,
  type FeedbackSummary,
  type OverdueCheckIns,
  type SessionDetail,
  type SessionOverview,
  TermViewService,
} from "./term-view/term-view.service.ts";
export { enqueueMemberLeftGroup } from "./waitlist/member-left-group.ts";
export type { OfferRecord, VacancyRecord } from "./waitlist/seat.repository.ts";
export {
  type AcceptedSeat,
  type LeftGroup,
  MEMBER_LEFT_GROUP_QUEUE,
  type MemberLeftGroupJob,
  SEAT_OFFER_EXPIRY_QUEUE,
  SEAT_OFFER_QUEUE,
  type SeatOffer,
  WaitlistService,
} from "./waitlist/waitlist.service.ts";
