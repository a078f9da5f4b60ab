import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// The tables as the code sees them. Migrations never import this file: they are frozen in time.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string | undefined>;
type Json<T> = ColumnType<T, string, string>;

export type CohortState =
  | "draft"
  | "applications_open"
  | "matching"
  | "published"
  | "running"
  | "finished"
  | "cancelled";

export interface CommunitiesTable {
  guild_id: string;
  name: string;
  time_zone: Generated<string>;
  organiser_role_id: string | null;
  announcement_channel_id: string | null;
  organiser_channel_id: Generated<string | null>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A role or channel of a guild as the bot last saw it. */
export interface DirectoryEntry {
  id: string;
  name: string;
}

export interface CommunityDirectoriesTable {
  guild_id: string;
  roles: Json<DirectoryEntry[]>;
  channels: Json<DirectoryEntry[]>;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MembersTable {
  user_id: string;
  display_name: string;
  avatar: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CommunityMembersTable {
  guild_id: string;
  user_id: string;
  joined_at: CreatedAt;
}

/** One of the eleven areas: a line in short, and its full text in each handbook. */
export interface CodeOfConductSection {
  area: string;
  summary: string;
  mentorText: string;
  menteeText: string;
}

export interface CodeOfConductVersionsTable {
  id: Generated<string>;
  guild_id: string;
  version: number;
  title: string;
  sections: Json<CodeOfConductSection[]>;
  published_at: CreatedAt;
}

export interface CodeOfConductAcceptancesTable {
  guild_id: string;
  version_id: string;
  user_id: string;
  accepted_at: CreatedAt;
}

export interface CohortsTable {
  id: Generated<string>;
  guild_id: string;
  name: string;
  state: Generated<CohortState>;
  mentors_per_group: Generated<number>;
  mentees_per_group: Generated<number>;
  time_zone: string;
  venue: string | null;
  discord_category_id: string | null;
  waitlist_offer_hours: Generated<number>;
  /** Minutes before a session that the community is told about it (a week and a day by default). */
  announcement_offsets_minutes: Generated<number[]>;
  /** Minutes before a session that each group's channel is reminded. */
  reminder_offset_minutes: Generated<number>;
  attendance_threshold_minutes: Generated<number>;
  share_back_channel_id: string | null;
  state_changed_at: CreatedAt;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type AgendaItemKind = "dinner" | "talk" | "discussion" | "share-back" | "supper" | "custom";
export interface StoredAgendaItem {
  kind: AgendaItemKind;
  title: string;
  minutes: number;
}

export interface CohortSessionsTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  number: number;
  starts_at: ColumnType<Date, Date, Date>;
  ends_at: ColumnType<Date, Date, Date>;
  status: Generated<"scheduled" | "cancelled">;
  theme: string | null;
  speakers: Generated<string[]>;
  discussion_prompts: Generated<string[]>;
  agenda: Json<StoredAgendaItem[]>;
  discord_event_id: string | null;
  /** Bumped by the database when the time, theme, speakers or status change. */
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ApplicationState = "submitted" | "withdrawn" | "placed" | "waitlisted" | "declined";

export interface ApplicationsTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  user_id: string;
  role: "mentor" | "mentee";
  gender: "female" | "male" | "nonbinary" | "unstated";
  single_gender_group: Generated<boolean>;
  areas: string[];
  interests: Generated<string[]>;
  experience: "student" | "junior" | "mid" | "senior" | "lead";
  employer: string | null;
  goals: string | null;
  state: Generated<ApplicationState>;
  applied_at: CreatedAt;
  withdrawn_at: Date | null;
  updated_at: UpdatedAt;
}

/** An application being filled in on Discord; `answers` are the fields given so far, unchecked. */
export interface ApplicationDraftsTable {
  guild_id: string;
  user_id: string;
  cohort_id: string;
  role: "mentor" | "mentee";
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  updated_at: UpdatedAt;
}

export interface GroupsTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  name: string;
  kind: Generated<"mixed" | "women" | "men">;
  discord_role_id: string | null;
  text_channel_id: string | null;
  voice_channel_id: string | null;
  created_at: CreatedAt;
}

export interface GroupMembersTable {
  guild_id: string;
  cohort_id: string;
  group_id: string;
  user_id: string;
  role: "mentor" | "mentee";
}

export interface BuddyPairsTable {
  group_id: string;
  mentee_user_id: string;
  mentee_role: Generated<"mentee">;
  mentor_user_id: string;
  mentor_role: Generated<"mentor">;
}

export interface AttendanceTable {
  guild_id: string;
  session_id: string;
  user_id: string;
  status: "present" | "absent" | "excused";
  source: "voice" | "manual";
  minutes_present: Generated<number>;
  seconds_present: Generated<number>;
  updated_at: UpdatedAt;
}

export interface CheckInsTable {
  id: Generated<string>;
  guild_id: string;
  group_id: string;
  mentor_user_id: string;
  mentee_user_id: string;
  held_at: Date;
  notes: string | null;
  created_at: CreatedAt;
}

export interface SocialGatheringsTable {
  id: Generated<string>;
  guild_id: string;
  group_id: string;
  title: string;
  starts_at: Date;
  location: string | null;
  proposed_by: string;
  created_at: CreatedAt;
  ends_at: Date | null;
  discord_event_id: string | null;
  channel_id: string | null;
  message_id: string | null;
}

export interface GatheringResponsesTable {
  guild_id: string;
  gathering_id: string;
  user_id: string;
  going: boolean;
  updated_at: UpdatedAt;
}

export interface SessionFeedbackTable {
  id: Generated<string>;
  guild_id: string;
  session_id: string;
  user_id: string;
  rating: number;
  comment: string | null;
  created_at: CreatedAt;
}

export interface ConductReportsTable {
  id: Generated<string>;
  guild_id: string;
  reporter_user_id: string | null;
  reporter_disclosed: Generated<boolean>;
  reported_user_id: string | null;
  area: string;
  body: string;
  state: Generated<"open" | "in_review" | "closed">;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  number: number;
  outcome: ColumnType<
    "no_action" | "warning" | "removal" | null,
    undefined,
    "no_action" | "warning" | "removal" | null
  >;
  involved: string | null;
}

export interface ConductReportNotesTable {
  id: Generated<string>;
  guild_id: string;
  report_id: string;
  author_user_id: string;
  body: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  guild_id: string | null;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  at: CreatedAt;
}

export interface MatchingRunsTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  seed: number;
  input: Json<unknown>;
  result: Json<unknown>;
  hard_violations: number;
  unbalanced_groups: number;
  soft_score: number;
  created_by: string | null;
  created_at: CreatedAt;
  kind: Generated<"matcher" | "edit">;
  /** person id → the matcher's group id */
  pins: ColumnType<Record<string, string>, string | undefined, string>;
}

export type ProvisioningRunState = "queued" | "running" | "finished" | "failed" | "refused";
export type ProvisionedKind = "category" | "role" | "text" | "voice" | "welcome" | "event";
export interface ProvisioningFailure {
  step: string;
  reason: string;
}

export interface ProvisioningRunsTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  kind: Generated<"provision" | "archive">;
  state: Generated<ProvisioningRunState>;
  steps_done: Generated<number>;
  steps_total: Generated<number>;
  failures: ColumnType<ProvisioningFailure[], string | undefined, string>;
  message: string | null;
  started_at: CreatedAt;
  finished_at: Date | null;
  updated_at: UpdatedAt;
}

export interface ProvisioningResourcesTable {
  guild_id: string;
  cohort_id: string;
  key: string;
  kind: ProvisionedKind;
  name: string;
  discord_id: string | null;
  missing_reported_at: Date | null;
  pinned: Generated<boolean>;
  created_at: CreatedAt;
}

export interface CohortArchivesTable {
  cohort_id: string;
  guild_id: string;
  archived_by: string | null;
  archived_at: CreatedAt;
}

export interface SeatVacanciesTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  group_id: string;
  freed_by: string | null;
  reason: "withdrawal" | "removal";
  state: Generated<"open" | "filled" | "unfilled">;
  created_at: CreatedAt;
}

export interface SeatOffersTable {
  id: Generated<string>;
  guild_id: string;
  vacancy_id: string;
  application_id: string;
  user_id: string;
  state: Generated<"pending" | "accepted" | "declined" | "expired">;
  offered_at: Date;
  deadline_at: Date;
  answered_at: Date | null;
}

export interface DataExportTokensTable {
  token_hash: string;
  guild_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

/** One group's run of a session on Discord: `/session start` to `/session end`. */
export interface GroupSessionRunsTable {
  guild_id: string;
  session_id: string;
  group_id: string;
  opened_at: Date;
  opened_by: string;
  agenda_position: Generated<number>;
  closed_at: Date | null;
  share_back: string | null;
  share_back_by: string | null;
  share_back_at: Date | null;
}

/** A member in the group's voice room now, since `joined_at` (an interval not yet counted). */
export interface VoicePresenceTable {
  guild_id: string;
  session_id: string;
  group_id: string;
  user_id: string;
  joined_at: Date;
}

/** A channel post or a DM that goes out once (see deliveries/delivery.repository.ts). */
export interface DeliveriesTable {
  key: string;
  guild_id: string;
  /** A DM's member; null for a post in a channel. */
  user_id: string | null;
  channel_id: string | null;
  marker: string;
  state: Generated<"claimed" | "sent" | "failed">;
  via: "channel" | "dm" | "fallback" | null;
  message_id: string | null;
  claimed_at: CreatedAt;
  sent_at: Date | null;
}

export interface ProgramEventsTable {
  id: Generated<string>;
  guild_id: string;
  cohort_id: string;
  title: string;
  description: string | null;
  location: string;
  starts_at: Date;
  ends_at: Date;
  status: Generated<"scheduled" | "cancelled">;
  discord_event_id: string | null;
  announcement_message_id: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ProgramEventAnswersTable {
  guild_id: string;
  event_id: string;
  user_id: string;
  going: boolean;
  answered_at: CreatedAt;
}

export interface CohortFinalSurveysTable {
  guild_id: string;
  cohort_id: string;
  user_id: string;
  overall: number;
  most_valuable: string | null;
  change_next: string | null;
  created_at: CreatedAt;
}

export interface DB {
  communities: CommunitiesTable;
  community_directories: CommunityDirectoriesTable;
  members: MembersTable;
  community_members: CommunityMembersTable;
  code_of_conduct_versions: CodeOfConductVersionsTable;
  code_of_conduct_acceptances: CodeOfConductAcceptancesTable;
  cohorts: CohortsTable;
  cohort_sessions: CohortSessionsTable;
  applications: ApplicationsTable;
  application_drafts: ApplicationDraftsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  buddy_pairs: BuddyPairsTable;
  attendance: AttendanceTable;
  check_ins: CheckInsTable;
  social_gatherings: SocialGatheringsTable;
  session_feedback: SessionFeedbackTable;
  conduct_reports: ConductReportsTable;
  conduct_report_notes: ConductReportNotesTable;
  audit_log: AuditLogTable;
  matching_runs: MatchingRunsTable;
  provisioning_runs: ProvisioningRunsTable;
  provisioning_resources: ProvisioningResourcesTable;
  cohort_archives: CohortArchivesTable;
  group_session_runs: GroupSessionRunsTable;
  voice_presence: VoicePresenceTable;
  deliveries: DeliveriesTable;
  program_events: ProgramEventsTable;
  program_event_answers: ProgramEventAnswersTable;
  cohort_final_surveys: CohortFinalSurveysTable;
  gathering_responses: GatheringResponsesTable;
  seat_vacancies: SeatVacanciesTable;
  seat_offers: SeatOffersTable;
  data_export_tokens: DataExportTokensTable;
}

export type Community = Selectable<CommunitiesTable>;
export type Member = Selectable<MembersTable>;
export type Cohort = Selectable<CohortsTable>;
export type CohortSession = Selectable<CohortSessionsTable>;
export type NewCohortSession = Insertable<CohortSessionsTable>;
export type CohortSessionUpdate = Updateable<CohortSessionsTable>;
export type Application = Selectable<ApplicationsTable>;
export type CodeOfConductVersion = Selectable<CodeOfConductVersionsTable>;
