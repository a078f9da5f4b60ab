import type { Database, JobQueue } from "@circles/core";
import type {
  ChatInputCommandInteraction,
  Client,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "../logger.ts";
import type { MemberDirectory } from "./member-directory.ts";

/** What every handler may use: the database, the job queue, the log and the client. */
export interface BotContext {
  db: Database;
  jobs: JobQueue;
  log: Logger;
  client: Client<true>;
  members: MemberDirectory;
  /** The dashboard's address (PUBLIC_URL) for links in answers; unset: no links. */
  dashboardUrl?: string;
}

/** One slash command: its definition and its handler (one file per command under commands/). */
export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /**
   * The handler may take longer than Discord's 3 s: the dispatcher defers an ephemeral reply first,
   * and the handler answers with `editReply`. Commands that open a modal must not set it.
   */
  deferEphemeral?: boolean;
  execute(interaction: ChatInputCommandInteraction<"cached">, ctx: BotContext): Promise<void>;
}

export type ComponentInteraction = MessageComponentInteraction | ModalSubmitInteraction;

/** A button, select or modal handler, found by the `handler` part of the custom id. */
export interface ComponentHandler {
  name: string;
  execute(interaction: ComponentInteraction, args: string[], ctx: BotContext): Promise<void>;
}
