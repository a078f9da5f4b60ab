import { OverwriteType, PermissionFlagsBits as P } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  basePermissions,
  canManageRole,
  channelPermissions,
  type GuildLike,
  highestRole,
} from "./compute.ts";

const G = "100";
const role = (id: string, permissions: bigint, position: number) => ({
  id,
  permissions: permissions.toString(),
  position,
});
const guild: GuildLike = {
  id: G,
  ownerId: "1",
  roles: new Map([
    [G, role(G, P.ViewChannel | P.SendMessages, 0)],
    ["10", role("10", P.ManageRoles, 3)],
    ["11", role("11", P.Administrator, 2)],
    ["12", role("12", 0n, 1)],
    ["13", role("13", 0n, 1)],
  ]),
};
const plain = { userId: "2", roleIds: [] as string[] };

describe("basePermissions", () => {
  it("is @everyone's permissions ORed with each role's", () => {
    expect(basePermissions(guild, plain)).toBe(P.ViewChannel | P.SendMessages);
    expect(basePermissions(guild, { userId: "2", roleIds: ["10"] })).toBe(
      P.ViewChannel | P.SendMessages | P.ManageRoles,
    );
  });
  it("gives the owner and ADMINISTRATOR holders everything", () => {
    expect(basePermissions(guild, { userId: "1", roleIds: [] })).toBe(ALL_PERMISSIONS);
    expect(basePermissions(guild, { userId: "2", roleIds: ["11"] })).toBe(ALL_PERMISSIONS);
  });
});

describe("channelPermissions", () => {
  const privateTo12 = [
    { id: G, type: OverwriteType.Role, allow: "0", deny: P.ViewChannel.toString() },
    { id: "12", type: OverwriteType.Role, allow: P.ViewChannel.toString(), deny: "0" },
  ];
  it("hides a channel private to a role from others and shows it to holders", () => {
    expect(channelPermissions(guild, plain, privateTo12)).toBe(0n);
    expect(channelPermissions(guild, { userId: "2", roleIds: ["12"] }, privateTo12) & P.ViewChannel).toBe(
      P.ViewChannel,
    );
  });
  it("applies role allows over role denies, and the member overwrite last", () => {
    const overwrites = [
      { id: "12", type: OverwriteType.Role, allow: "0", deny: P.SendMessages.toString() },
      { id: "13", type: OverwriteType.Role, allow: P.SendMessages.toString(), deny: "0" },
      { id: "2", type: OverwriteType.Member, allow: "0", deny: P.ViewChannel.toString() },
    ];
    const both = { userId: "3", roleIds: ["12", "13"] };
    expect(channelPermissions(guild, both, overwrites) & P.SendMessages).toBe(P.SendMessages);
    expect(channelPermissions(guild, { userId: "3", roleIds: ["12"] }, overwrites) & P.SendMessages).toBe(0n);
    expect(channelPermissions(guild, { userId: "2", roleIds: ["12", "13"] }, overwrites)).toBe(0n);
  });
  it("ignores overwrites for administrators", () => {
    expect(channelPermissions(guild, { userId: "2", roleIds: ["11"] }, privateTo12)).toBe(ALL_PERMISSIONS);
  });
});

describe("role hierarchy", () => {
  it("finds the highest role, breaking position ties by the older id", () => {
    expect(highestRole(guild, { userId: "2", roleIds: ["12", "11"] }).id).toBe("11");
    expect(highestRole(guild, { userId: "2", roleIds: ["13", "12"] }).id).toBe("12");
    expect(highestRole(guild, plain).id).toBe(G);
  });
  it("lets a member manage only roles strictly below their highest; the owner manages all", () => {
    const manager = { userId: "2", roleIds: ["10"] };
    expect(canManageRole(guild, manager, role("12", 0n, 1))).toBe(true);
    expect(canManageRole(guild, manager, role("10", 0n, 3))).toBe(false);
    expect(canManageRole(guild, manager, role("14", 0n, 4))).toBe(false);
    expect(canManageRole(guild, { userId: "1", roleIds: [] }, role("14", 0n, 9))).toBe(true);
  });
});
