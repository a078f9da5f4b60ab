// What a cohort should look like on Discord, and what the guild holds: the two inputs of the plan.
// Plain data only, so the plan is a pure function and tested as one.

export type ChannelKind = "text" | "voice";

/**
 * live: groups meet; read-only: the cohort finished, members keep reading but no longer post or
 * speak; archived: organisers archived it, everything made for it goes.
 */
export type ProvisioningMode = "live" | "read-only" | "archived";

export interface DesiredGroup {
  id: string;
  roleName: string;
  textName: string;
  voiceName: string;
  /** 1-based: a category holds 25 groups' channel pairs (50 channels). */
  category: number;
  members: string[];
  /** The welcome's content; it carries `welcomeMarker(id)` so an interrupted run can find it. */
  welcome: string;
}

export interface DesiredEvent {
  sessionId: string;
  name: string;
  startsAt: string;
  endsAt: string;
  location: string;
  description: string;
}

export interface DesiredState {
  guildId: string;
  botUserId: string;
  organiserRoleId: string | null;
  mode: ProvisioningMode;
  pinWelcome: boolean;
  /** Category names by index (1-based). */
  categories: string[];
  groups: DesiredGroup[];
  events: DesiredEvent[];
}

export interface ActualOverwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface ActualChannel {
  id: string;
  name: string;
  kind: ChannelKind | "category" | "other";
  parentId: string | null;
  overwrites: ActualOverwrite[];
}

/** What a resource row of the database says about one thing we meant to make or made. */
export interface RecordedResource {
  name: string;
  discordId: string | null;
  pinned: boolean;
  missingReported: boolean;
}

export interface ActualState {
  roles: Map<string, { id: string; name: string; position: number }>;
  channels: Map<string, ActualChannel>;
  events: Map<string, { id: string; name: string }>;
  /** Members present in the guild, with the roles they hold. */
  memberRoles: Map<string, Set<string>>;
  /** Group id → the welcome message found in its text channel by its marker. */
  welcomes: Map<string, string>;
  /** The database's record, by resource key. */
  recorded: Map<string, RecordedResource>;
}

export const welcomeMarker = (groupId: string) => `circles-welcome:${groupId}`;

export const keys = {
  category: (index: number) => `category:${index}`,
  role: (groupId: string) => `role:${groupId}`,
  text: (groupId: string) => `text:${groupId}`,
  voice: (groupId: string) => `voice:${groupId}`,
  welcome: (groupId: string) => `welcome:${groupId}`,
  event: (sessionId: string) => `event:${sessionId}`,
};
