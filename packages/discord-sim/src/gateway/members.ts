import { GatewayIntentBits } from "discord-api-types/v10";
import { memberPayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";
import type { GatewaySession } from "./server.ts";
import { shardOf } from "./shard.ts";

const CHUNK_SIZE = 1000;

/**
 * Op 8: answer with GUILD_MEMBERS_CHUNK(s) echoing the nonce. Listing everyone (query "" / limit 0)
 * needs the GUILD_MEMBERS intent, as on Discord; without it nothing is sent.
 */
export function requestGuildMembers(
  state: State,
  d: unknown,
  session: GatewaySession,
  dispatch: (t: string, d: unknown) => void,
): void {
  const data = (d ?? {}) as {
    guild_id?: unknown;
    query?: unknown;
    limit?: unknown;
    user_ids?: unknown;
    nonce?: unknown;
  };
  const guildIds = Array.isArray(data.guild_id) ? data.guild_id : [data.guild_id];
  for (const guildId of guildIds) {
    if (typeof guildId !== "string" || !state.guilds.has(guildId)) continue;
    if (shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
    if (!state.getMember(guildId, session.app.bot_user_id)) continue;
    const userIds = Array.isArray(data.user_ids)
      ? data.user_ids.filter((id): id is string => typeof id === "string")
      : typeof data.user_ids === "string"
        ? [data.user_ids]
        : null;
    const query = typeof data.query === "string" ? data.query.toLowerCase() : "";
    const limit = typeof data.limit === "number" && data.limit > 0 ? data.limit : Number.POSITIVE_INFINITY;
    if (!userIds && query === "" && (session.intents & GatewayIntentBits.GuildMembers) === 0) continue;

    let members = state.membersOf(guildId);
    const notFound: string[] = [];
    if (userIds) {
      const found = new Set(members.map((m) => m.user_id));
      members = members.filter((m) => userIds.includes(m.user_id));
      for (const id of userIds) if (!found.has(id)) notFound.push(id);
    } else if (query) {
      members = members.filter((m) => {
        const user = state.users.get(m.user_id);
        return (
          user?.username.toLowerCase().startsWith(query) ||
          user?.global_name?.toLowerCase().startsWith(query) ||
          m.nick?.toLowerCase().startsWith(query)
        );
      });
    }
    if (members.length > limit) members = members.slice(0, limit);
    const count = Math.max(1, Math.ceil(members.length / CHUNK_SIZE));
    for (let index = 0; index < count; index++) {
      const chunk: Record<string, unknown> = {
        guild_id: guildId,
        members: members
          .slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE)
          .map((m) => memberPayload(state, m)),
        chunk_index: index,
        chunk_count: count,
      };
      if (index === 0 && notFound.length > 0) chunk.not_found = notFound;
      if (typeof data.nonce === "string") chunk.nonce = data.nonce;
      dispatch("GUILD_MEMBERS_CHUNK", chunk);
    }
  }
}
