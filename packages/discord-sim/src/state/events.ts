import type { GatewayDispatchEvents } from "discord-api-types/v10";

/** One state change, as the gateway dispatch Discord would send for it. */
export interface StateEvent {
  t: GatewayDispatchEvents | `${GatewayDispatchEvents}`;
  d: unknown;
  /** The guild it concerns (routes it to the guild's shard); null for DMs and user-level events. */
  guildId: string | null;
  /** Gateway intent bit(s) a session needs to receive it; 0 = always sent. */
  intent: number;
  /** Only sessions of this application receive it (interactions); null = every bot in the guild. */
  applicationId?: string | null;
  /** Only bots of these users receive it (DMs, a bot joining or leaving a guild); skips the membership check. */
  userIds?: string[];
  /**
   * Guild messages: without the privileged MESSAGE_CONTENT intent a bot gets content, embeds and
   * components empty, unless it wrote the message or is mentioned in it.
   */
  messageContent?: { authorId: string; mentionIds: string[] };
}

export type StateListener = (event: StateEvent) => void;

/** Synchronous fan-out: every mutation of the state goes through `emit`. */
export class EventBus {
  private readonly listeners = new Set<StateListener>();

  on(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StateEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
