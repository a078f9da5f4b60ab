/** Discord routes a guild to shard `(guild_id >> 22) % num_shards`; DMs go to shard 0. */
export function shardOf(guildId: string | null, shardCount: number): number {
  if (guildId === null) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
