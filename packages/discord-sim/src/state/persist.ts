import { readFile, rename, writeFile } from "node:fs/promises";
import type { Clock } from "./clock.ts";
import { State } from "./store.ts";
import type {
  ApplicationRecord,
  ChannelRecord,
  CommandRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  OAuthTokenRecord,
  RoleRecord,
  ScheduledEventRecord,
  UserRecord,
  VoiceStateRecord,
} from "./types.ts";

const FORMAT = 1;

/** What is saved: the world, not the transient bits (interactions, OAuth codes). */
export interface StateSnapshot {
  format: typeof FORMAT;
  applications: ApplicationRecord[];
  users: UserRecord[];
  guilds: GuildRecord[];
  members: MemberRecord[];
  roles: RoleRecord[];
  channels: ChannelRecord[];
  messages: MessageRecord[];
  commands: { key: string; list: CommandRecord[] }[];
  scheduledEvents: ScheduledEventRecord[];
  voiceStates: VoiceStateRecord[];
  oauthTokens: OAuthTokenRecord[];
}

export function snapshot(state: State): StateSnapshot {
  return {
    format: FORMAT,
    applications: [...state.applications.values()],
    users: [...state.users.values()],
    guilds: [...state.guilds.values()],
    members: [...state.members.values()].flatMap((m) => [...m.values()]),
    roles: [...state.roles.values()],
    channels: [...state.channels.values()],
    messages: [...state.messages.values()].flatMap((m) => [...m.values()]),
    commands: [...state.commands].map(([key, map]) => ({ key, list: [...map.values()] })),
    scheduledEvents: [...state.scheduledEvents.values()],
    voiceStates: [...state.voiceStates.values()],
    oauthTokens: [...state.oauthTokens.values()],
  };
}

/** Rebuilds a State from a snapshot without emitting events (nobody is connected yet). */
export function restore(data: StateSnapshot, clock?: Clock): State {
  if (data?.format !== FORMAT) throw new Error(`state file: unsupported format ${String(data?.format)}`);
  const state = new State(clock);
  for (const user of data.users) state.users.set(user.id, user);
  for (const app of data.applications) state.addApplication(app);
  for (const guild of data.guilds) {
    state.guilds.set(guild.id, guild);
    state.members.set(guild.id, new Map());
  }
  for (const member of data.members) state.members.get(member.guild_id)?.set(member.user_id, member);
  for (const role of data.roles) state.putRole(role);
  for (const channel of data.channels) state.channels.set(channel.id, channel);
  for (const message of data.messages) {
    let box = state.messages.get(message.channel_id);
    if (!box) {
      box = new Map();
      state.messages.set(message.channel_id, box);
    }
    box.set(message.id, message);
  }
  for (const { key, list } of data.commands) state.commands.set(key, new Map(list.map((c) => [c.id, c])));
  for (const event of data.scheduledEvents) state.scheduledEvents.set(event.id, event);
  for (const voice of data.voiceStates) state.voiceStates.set(`${voice.guild_id}:${voice.user_id}`, voice);
  for (const token of data.oauthTokens) state.oauthTokens.set(token.access_token, token);
  return state;
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export async function saveState(state: State, file: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(snapshot(state)));
  await rename(temp, file);
}

/** Loads a saved state, or returns null when the file does not exist. */
export async function loadState(file: string, clock?: Clock): Promise<State | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let data: StateSnapshot;
  try {
    data = JSON.parse(text) as StateSnapshot;
  } catch {
    throw new Error(`state file ${file} is not valid JSON`);
  }
  return restore(data, clock);
}
