import { PermissionFlagsBits as P } from "discord.js";
import { describe, expect, it } from "vitest";
import { type PreflightInput, preflight, requiredPermissions } from "./preflight.ts";

const everything = requiredPermissions(true).reduce((all, [bit]) => all | bit, 0n);

function input(overrides: Partial<PreflightInput> = {}): PreflightInput {
  return {
    botName: "Circles",
    botRoles: [
      { name: "@everyone", position: 0, permissions: 0n },
      { name: "Circles", position: 5, permissions: everything },
    ],
    managedRoles: [{ name: "Cohort · Group 01", position: 1 }],
    existing: { roles: 10, channels: 20, events: 3 },
    toCreate: { roles: 25, channels: 51, events: 6 },
    pinWelcome: true,
    ...overrides,
  };
}

describe("preflight", () => {
  it("lets a bot with every permission, a high role and room go", () => {
    expect(preflight(input())).toEqual([]);
  });

  it("names each missing permission", () => {
    const roles = [
      { name: "Circles", position: 5, permissions: everything & ~P.ManageRoles & ~P.PinMessages },
    ];
    expect(preflight(input({ botRoles: roles }))).toEqual([
      "Give Circles's role these permissions (Server Settings → Roles → Circles): Manage Roles, Pin Messages (to pin the welcome).",
    ]);
    expect(preflight(input({ botRoles: roles, pinWelcome: false }))[0]).not.toMatch(/Pin Messages/);
  });

  it("names every permission as Server Settings does, when the bot holds none", () => {
    const bare = [{ name: "Circles", position: 5, permissions: 0n }];
    expect(preflight(input({ botRoles: bare }))).toEqual([
      "Give Circles's role these permissions (Server Settings → Roles → Circles): View Channels, Manage Roles, " +
        "Manage Channels, Manage Events, Send Messages, Read Message History, Connect, Speak, " +
        "Pin Messages (to pin the welcome).",
    ]);
  });

  it("asks for a role of the bot's own when it holds only @everyone and roles are to be made", () => {
    const onlyEveryone = [{ name: "@everyone", position: 0, permissions: P.Administrator }];
    expect(preflight(input({ botRoles: onlyEveryone, managedRoles: [] }))).toEqual([
      "Give Circles a role of its own (with the permissions above): it holds none.",
    ]);
    const nothingToMake = { roles: 0, channels: 2, events: 0 };
    expect(preflight(input({ botRoles: onlyEveryone, managedRoles: [], toCreate: nothingToMake }))).toEqual(
      [],
    );
  });

  it("counts permissions from every role the bot holds, and ADMINISTRATOR as all", () => {
    const split = [
      { name: "@everyone", position: 0, permissions: P.ViewChannel | P.SendMessages },
      { name: "Circles", position: 5, permissions: everything & ~(P.ViewChannel | P.SendMessages) },
    ];
    expect(preflight(input({ botRoles: split }))).toEqual([]);
    const admin = [{ name: "Circles", position: 5, permissions: P.Administrator }];
    expect(preflight(input({ botRoles: admin }))).toEqual([]);
  });

  it("asks for the bot's role above every group role it manages", () => {
    const managedRoles = [
      { name: "Group 01", position: 4 },
      { name: "Group 02", position: 5 },
      { name: "Group 03", position: 6 },
    ];
    expect(preflight(input({ managedRoles }))).toEqual([
      'Drag Circles\'s role above "Group 02", "Group 03" in Server Settings → Roles: a bot can only give and remove roles below its own highest role.',
    ]);
  });

  it("refuses when the guild's limits would be passed, saying by how much", () => {
    expect(preflight(input({ existing: { roles: 226, channels: 20, events: 3 } }))).toEqual([
      "This cohort needs 25 roles more, the server has 226 and Discord allows 250: remove 1 role or split the cohort.",
    ]);
    expect(
      preflight(
        input({
          existing: { roles: 250, channels: 20, events: 3 },
          toCreate: { roles: 1, channels: 0, events: 0 },
        }),
      ),
    ).toEqual([
      "This cohort needs 1 role more, the server has 250 and Discord allows 250: remove 1 role or split the cohort.",
    ]);
    expect(preflight(input({ existing: { roles: 227, channels: 20, events: 3 } }))[0]).toMatch(
      /remove 2 roles or/,
    );
    // Exactly at the limit is fine.
    expect(preflight(input({ existing: { roles: 225, channels: 449, events: 94 } }))).toEqual([]);
    expect(preflight(input({ existing: { roles: 225, channels: 450, events: 95 } }))).toEqual([
      "This cohort needs 51 channels more, the server has 450 and Discord allows 500: remove 1 channel or split the cohort.",
      "This cohort needs 6 scheduled events more, the server has 95 and Discord allows 100: remove 1 scheduled event or split the cohort.",
    ]);
  });
});
