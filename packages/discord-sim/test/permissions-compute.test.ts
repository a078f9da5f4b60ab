// Edges of the pure permission rules that the route tests cannot reach (found by mutation testing).

import { OverwriteType, PermissionFlagsBits as P } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { shardOf } from "../src/gateway/shard.ts";
import {
  basePermissions,
  channelPermissions,
  compareRoles,
  type GuildLike,
  highestRole,
} from "../src/permissions/compute.ts";

const role = (id: string, position: number, permissions = "0") => ({ id, position, permissions });

describe("role order", () => {
  it("a role is level with itself; at equal positions the older (smaller id) role is higher", () => {
    const older = role("100", 3);
    const newer = role("200", 3);
    expect(compareRoles(older, older)).toBe(0);
    expect(compareRoles(older, newer)).toBe(1);
    expect(compareRoles(newer, older)).toBe(-1);
    expect(compareRoles(role("300", 4), older)).toBeGreaterThan(0);
  });
});

describe("a guild whose @everyone role is missing from the map", () => {
  const guild: GuildLike = { id: "10", ownerId: "1", roles: new Map([["20", role("20", 2, "8192")]]) };

  it("counts @everyone as no permission at position 0", () => {
    expect(highestRole(guild, { userId: "5", roleIds: [] })).toEqual({
      id: "10",
      permissions: "0",
      position: 0,
    });
    expect(highestRole(guild, { userId: "5", roleIds: ["20"] }).id).toBe("20");
    expect(basePermissions(guild, { userId: "5", roleIds: [] })).toBe(0n);
    expect(basePermissions(guild, { userId: "5", roleIds: ["20"] })).toBe(8192n);
  });
});

describe("roles and overwrites that do not apply", () => {
  const view = P.ViewChannel;
  const guild: GuildLike = {
    id: "10",
    ownerId: "1",
    roles: new Map([
      ["10", role("10", 0, String(view | P.SendMessages))],
      ["20", role("20", 5, String(P.ManageRoles))],
      ["30", role("30", 2, "0")],
    ]),
  };

  it("skips a role id the guild no longer has", () => {
    const member = { userId: "5", roleIds: ["99", "20"] };
    expect(basePermissions(guild, member)).toBe(view | P.SendMessages | P.ManageRoles);
    expect(highestRole(guild, member).id).toBe("20");
  });

  it("takes the highest role whatever the order of the member's roles", () => {
    expect(highestRole(guild, { userId: "5", roleIds: ["20", "30"] }).id).toBe("20");
    expect(highestRole(guild, { userId: "5", roleIds: ["30", "20"] }).id).toBe("20");
  });

  it("finds @everyone's overwrite by id, not by its place in the list", () => {
    const overwrites = [
      { id: "30", type: OverwriteType.Role, allow: "0", deny: String(P.SendMessages) },
      { id: "10", type: OverwriteType.Role, allow: "0", deny: "0" },
    ];
    // The member does not have role 30, so its deny does not touch them.
    expect(channelPermissions(guild, { userId: "5", roleIds: [] }, overwrites)).toBe(view | P.SendMessages);
    expect(channelPermissions(guild, { userId: "5", roleIds: ["30"] }, overwrites)).toBe(view);
  });
});

describe("shards", () => {
  it("sends DMs (no guild) to shard 0 and a guild to (id >> 22) % count", () => {
    expect(shardOf(null, 4)).toBe(0);
    expect(shardOf(String(7n << 22n), 4)).toBe(3);
    expect(shardOf(String((8n << 22n) + 5n), 4)).toBe(0);
  });
});
