// The shapes of the API's answers (apps/api/src/routes/*.ts schemas; /api/openapi.json).
import type { CodeOfConductArea as CocArea } from "@circles/core/code-of-conduct";
import type { Area, ExperienceStage, Gender, Role } from "@circles/core/matching";

export type { Area, CocArea, ExperienceStage, Gender, Role };

export interface Me {
  user: { id: string; name: string; avatar: string | null };
  organises: Array<{ guildId: string; name: string }>;
  invitable: Array<{ guildId: string; name: string; inviteUrl: string }>;
  rightsCheckedAt: string;
}

export interface Community {
  guildId: string;
  name: string;
  timeZone: string;
  organiserRoleId: string | null;
  announcementChannelId: string | null;
  organiserChannelId: string | null;
}

/** The roles and channels the settings may name, as the bot last saw the server (seenAt null: never). */
export interface SettingsChoices {
  seenAt: string | null;
  roles: Array<{ id: string; name: string }>;
  channels: Array<{ id: string; name: string }>;
}

export interface CocSection {
  area: CocArea;
  summary: string;
  mentorText: string;
  menteeText: string;
}
export interface CocVersion {
  id: string;
  version: number;
  title: string;
  sections: CocSection[];
  publishedAt: string;
}
export interface CodeOfConduct {
  current: CocVersion | null;
  versions: Array<Omit<CocVersion, "sections">>;
}
export interface Acceptance {
  userId: string;
  displayName: string;
  version: number;
  versionId: string;
  acceptedAt: string;
}

export type CohortState =
  | "draft"
  | "applications_open"
  | "matching"
  | "published"
  | "running"
  | "finished"
  | "cancelled";
export interface CohortFields {
  name: string;
  timeZone?: string;
  venue?: string | null;
  mentorsPerGroup?: number;
  menteesPerGroup?: number;
}
export interface Cohort {
  id: string;
  name: string;
  state: CohortState;
  nextStates: CohortState[];
  mentorsPerGroup: number;
  menteesPerGroup: number;
  timeZone: string;
  venue: string | null;
  stateChangedAt: string;
  createdAt: string;
}

export interface ScheduleRule {
  count: number;
  everyWeeks: number;
  weekday: number;
  firstDate: string;
  startTime: string;
  endTime: string;
}
export interface LocalTime {
  date: string;
  start: string;
  end: string;
  utcOffset: string;
}
export interface SchedulePreview {
  timeZone: string;
  sessions: Array<{ number: number; startsAt: string; endsAt: string; local: LocalTime }>;
}
export type AgendaKind = "dinner" | "talk" | "discussion" | "share-back" | "supper" | "custom";
export interface AgendaItem {
  kind: AgendaKind;
  title: string;
  minutes: number;
}
export interface Session {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  local: LocalTime;
  status: "scheduled" | "cancelled";
  theme: string | null;
  speakers: string[];
  discussionPrompts: string[];
  agenda: AgendaItem[];
}
export interface SessionPatch {
  date?: string;
  startTime?: string;
  endTime?: string;
  status?: "scheduled" | "cancelled";
  theme?: string | null;
  speakers?: string[];
  discussionPrompts?: string[];
  agenda?: AgendaItem[];
}

export type ApplicationState = "submitted" | "withdrawn" | "placed" | "waitlisted" | "declined";
/** One page of the applications table, and how many match the filters in all. */
export interface ApplicationPage {
  total: number;
  items: Application[];
}

export interface Application {
  id: string;
  userId: string;
  displayName: string;
  role: Role;
  gender: Gender;
  singleGenderGroup: boolean;
  areas: Area[];
  interests: string[];
  experience: ExperienceStage;
  employer: string | null;
  goals: string | null;
  state: ApplicationState;
  appliedAt: string;
  withdrawnAt: string | null;
}
export interface ApplicationFilters {
  role?: Role;
  state?: ApplicationState;
  gender?: Gender;
  area?: Area;
  q?: string;
  sort?: "appliedAt" | "name" | "role" | "state" | "gender";
  order?: "asc" | "desc";
  [key: string]: string | undefined;
}
export interface Counts {
  total: number;
  byRole: Record<string, number>;
  byGender: Record<string, number>;
  byArea: Record<string, number>;
  byState: Record<string, number>;
}
export type ImportField =
  | "userId"
  | "displayName"
  | "role"
  | "gender"
  | "singleGenderGroup"
  | "areas"
  | "interests"
  | "experience"
  | "employer"
  | "goals"
  | "appliedAt";
export interface ImportBody {
  csv: string;
  mapping: Partial<Record<ImportField, string>>;
}
export interface ImportPreview {
  columns: string[];
  validRows: number;
  invalidRows: number;
  rows: Array<{
    line: number;
    userId: string;
    displayName: string | null;
    valid: boolean;
    problems: Array<{ field: string; message: string }>;
  }>;
}
export interface ImportOutcome {
  imported: number;
  skipped: number;
  preview: ImportPreview;
}

export interface Verdict {
  hardViolations: number;
  unbalancedGroups: number;
  softScore: number;
  bindingRequestsHonoured: number;
  bindingRequests: number;
  previouslyGroupedPairs: number;
  violations: Array<{ rule: string; message: string; people: string[]; group?: string }>;
}
export interface MatchPerson {
  userId: string;
  name: string;
  role: Role;
  gender: Gender;
  pinnedTo: string | null;
}
export interface MatchGroup {
  id: string;
  name: string;
  storedId: string | null;
  kind: "mixed" | "women" | "men";
  mentors: MatchPerson[];
  mentees: MatchPerson[];
  buddies: Record<string, string>;
  explanation: unknown;
}
export interface Waiting {
  person: MatchPerson;
  reason: string;
}
export interface Groups {
  verdict: Verdict;
  groups: MatchGroup[];
  waitlist: Waiting[];
  unplacedMentors: Waiting[];
  summary: string[];
}
export interface Draft extends Groups {
  runId: string;
  kind: "matcher" | "edit";
  createdAt: string;
  createdBy: string | null;
}
export interface RunOutcome {
  runId: string;
  groups: number;
  placed: number;
  waitlisted: number;
  unplacedMentors: number;
  verdict: Verdict;
}
export interface EditBody {
  action: "move" | "swap" | "pin" | "unpin" | "rematch";
  personId?: string;
  otherId?: string;
  toGroupId?: string | null;
  groupId?: string;
  confirm?: boolean;
  basedOnRunId?: string;
}
export interface EditOutcome extends Groups {
  saved: boolean;
  needsConfirmation: boolean;
  runId: string;
  hardViolationsBefore: number;
}

export interface PublishStatus {
  cohortState: CohortState;
  findings: string[];
  canPublish: boolean;
  canRetry: boolean;
  plan: {
    groups: number;
    roles: number;
    textChannels: number;
    voiceChannels: number;
    categories: number;
    events: number;
  };
  run: null | {
    state: string;
    stepsDone: number;
    stepsTotal: number;
    failures: Array<{ step: string; reason: string }>;
    message: string | null;
    startedAt: string;
    finishedAt: string | null;
  };
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  before?: string;
  [key: string]: string | undefined;
}
export interface AuditEntry {
  id: number;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
  at: string;
}
export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
}

export interface Member {
  userId: string;
  displayName: string;
  avatar: string | null;
  joinedAt: string;
}
export interface LeftGroup {
  [key: string]: unknown;
}
export interface ErasureOutcome {
  erased: true;
  leftGroup: LeftGroup | null;
}

export type ReportState = "open" | "in_review" | "closed";
export type ReportOutcome = "no_action" | "warning" | "removal";
export interface Report {
  id: string;
  number: number;
  area: string;
  whatHappened: string;
  involved: string | null;
  reportedUserId: string | null;
  reportedName: string | null;
  reporterUserId: string | null;
  reporterName: string | null;
  state: ReportState;
  outcome: ReportOutcome | null;
  createdAt: string;
}
export interface ReportNote {
  id: string;
  authorUserId: string;
  authorName: string | null;
  body: string;
  createdAt: string;
}

export interface AttendanceCounts {
  present: number;
  absent: number;
  excused: number;
  unrecorded: number;
}
export interface FeedbackSummary {
  responses: number;
  counts: number[];
  average: number | null;
}
export interface TermSession {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  status: "scheduled" | "cancelled";
  theme: string | null;
}
export interface TermRow {
  session: TermSession;
  attendance: AttendanceCounts;
  groups: Array<{ groupId: string; name: string } & AttendanceCounts>;
  feedback: FeedbackSummary;
  shareBacks: number;
}
export interface SessionDetails {
  session: TermSession;
  shareBacks: Array<{
    groupId: string;
    groupName: string;
    text: string;
    byName: string | null;
    at: string | null;
  }>;
  feedback: FeedbackSummary & { comments: Array<{ rating: number; comment: string }> };
}
export interface OverdueCheckIns {
  since: { sessionId: string; number: number; endedAt: string } | null;
  pairs: Array<{
    groupId: string;
    groupName: string;
    mentorName: string | null;
    menteeName: string | null;
    mentorUserId: string;
    menteeUserId: string;
  }>;
}
