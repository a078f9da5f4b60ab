import { PermissionFlagsBits as P } from "discord.js";
import { describe, expect, it } from "vitest";
import { type ActualState, type DesiredState, keys, type RecordedResource } from "./desired-state.ts";
import { countSteps, isWrite, planProvisioning, type Step } from "./plan.ts";

const GUILD = "100000000000000001";
const BOT = "100000000000000002";
const ORGANISERS = "100000000000000003";

function desired(groupCount: number, overrides: Partial<DesiredState> = {}): DesiredState {
  return {
    guildId: GUILD,
    botUserId: BOT,
    organiserRoleId: ORGANISERS,
    mode: "live",
    pinWelcome: true,
    categories: Array.from({ length: Math.ceil(groupCount / 25) }, (_, i) => `Cohort ${i + 1}`),
    groups: Array.from({ length: groupCount }, (_, i) => ({
      id: `g${i + 1}`,
      roleName: `Cohort · Group ${i + 1}`,
      textName: `group-${i + 1}`,
      voiceName: `Group ${i + 1}`,
      category: Math.floor(i / 25) + 1,
      members: [`u${i + 1}a`, `u${i + 1}b`],
      welcome: `welcome g${i + 1}`,
    })),
    events: [
      {
        sessionId: "s1",
        name: "Cohort · Session 1",
        startsAt: "2027-01-01T10:00:00.000Z",
        endsAt: "2027-01-01T12:00:00.000Z",
        location: "Hall",
        description: "x",
      },
    ],
    ...overrides,
  };
}

function emptyGuild(memberIds: string[]): ActualState {
  return {
    roles: new Map(),
    channels: new Map(),
    events: new Map(),
    memberRoles: new Map(memberIds.map((id) => [id, new Set<string>()])),
    welcomes: new Map(),
    recorded: new Map(),
  };
}

const rec = (
  name: string,
  discordId: string | null,
  extra: Partial<RecordedResource> = {},
): RecordedResource => ({
  name,
  discordId,
  pinned: false,
  missingReported: false,
  ...extra,
});

/** A guild where one group (g1) and its cohort were fully provisioned, as recorded. */
function provisioned(): { want: DesiredState; have: ActualState } {
  const want = desired(1);
  const have = emptyGuild(["u1a", "u1b"]);
  have.roles.set("r1", { id: "r1", name: "Cohort · Group 1", position: 1 });
  const ch = (id: string, name: string, kind: "text" | "voice" | "category", parentId: string | null) =>
    have.channels.set(id, { id, name, kind, parentId, overwrites: [] });
  ch("c1", "Cohort 1", "category", null);
  ch("t1", "group-1", "text", "c1");
  ch("v1", "Group 1", "voice", "c1");
  have.events.set("e1", { id: "e1", name: "Cohort · Session 1" });
  have.memberRoles.set("u1a", new Set(["r1"]));
  have.memberRoles.set("u1b", new Set(["r1"]));
  have.welcomes.set("g1", "m1");
  have.recorded = new Map([
    [keys.category(1), rec("Cohort 1", "c1")],
    [keys.role("g1"), rec("Cohort · Group 1", "r1")],
    [keys.text("g1"), rec("group-1", "t1")],
    [keys.voice("g1"), rec("Group 1", "v1")],
    [keys.welcome("g1"), rec("welcome", "m1", { pinned: true })],
    [keys.event("s1"), rec("Cohort · Session 1", "e1")],
  ]);
  return { want, have };
}

const kinds = (steps: Step[]) => steps.map((s) => s.kind);
const count = (steps: Step[], kind: Step["kind"]) => steps.filter((s) => s.kind === kind).length;

describe("planProvisioning", () => {
  it("plans everything for an empty guild, slow creations first", () => {
    const want = desired(2);
    const plan = planProvisioning(want, emptyGuild(["u1a", "u1b", "u2a", "u2b"]));
    expect(count(plan.steps, "create-category")).toBe(1);
    expect(count(plan.steps, "create-role")).toBe(2);
    expect(count(plan.steps, "create-channel")).toBe(4);
    expect(count(plan.steps, "add-role")).toBe(4);
    expect(count(plan.steps, "post-welcome")).toBe(2);
    expect(count(plan.steps, "pin-welcome")).toBe(2);
    expect(count(plan.steps, "create-event")).toBe(1);
    expect(plan.steps).toHaveLength(16);
    expect(plan.steps.filter((s) => s.kind === "create-event")).toEqual([
      {
        kind: "create-event",
        key: keys.event("s1"),
        name: "Cohort · Session 1",
        startsAt: "2027-01-01T10:00:00.000Z",
        endsAt: "2027-01-01T12:00:00.000Z",
        location: "Hall",
        description: "x",
      },
    ]);
    expect(
      plan.steps.flatMap((step) => (step.kind === "create-channel" ? [[step.channel, step.name]] : [])),
    ).toEqual([
      ["text", "group-1"],
      ["voice", "Group 1"],
      ["text", "group-2"],
      ["voice", "Group 2"],
    ]);
    // The organisers' confirm message counts text and voice rooms apart.
    expect(countSteps(plan)).toEqual({
      "create-category": 1,
      "create-role": 2,
      "create-text-channel": 2,
      "create-voice-channel": 2,
      "add-role": 4,
      "post-welcome": 2,
      "pin-welcome": 2,
      "create-event": 1,
    });
    // Roles and categories before channels, channels before member roles and messages.
    const order = kinds(plan.steps);
    expect(order.slice(0, 3).sort()).toEqual(["create-category", "create-role", "create-role"]);
    expect(order.lastIndexOf("create-channel")).toBeLessThan(order.indexOf("add-role"));
    expect(order.indexOf("pin-welcome")).toBeGreaterThan(order.lastIndexOf("post-welcome"));
  });

  it("opens a new category every 25 groups", () => {
    const plan = planProvisioning(desired(26), emptyGuild([]));
    expect(count(plan.steps, "create-category")).toBe(2);
    const last = plan.steps.find((s) => s.kind === "create-channel" && s.key === keys.text("g26"));
    expect(last).toMatchObject({ categoryKey: keys.category(2) });
    const first = plan.steps.find((s) => s.kind === "create-channel" && s.key === keys.text("g25"));
    expect(first).toMatchObject({ categoryKey: keys.category(1) });
  });

  it("changes nothing when the guild matches, renamed things included", () => {
    const { want, have } = provisioned();
    have.roles.set("r1", { id: "r1", name: "renamed by an organiser", position: 1 });
    const plan = planProvisioning(want, have);
    expect(plan.steps).toEqual([]);
    expect(plan.missing).toEqual([]);
    expect(plan.known[keys.role("g1")]).toBe("r1");
  });

  it("adopts a thing an interrupted run made (intent recorded, id not) instead of making it again", () => {
    const { want, have } = provisioned();
    have.recorded.set(keys.role("g1"), rec("Cohort · Group 1", null));
    have.recorded.set(keys.welcome("g1"), rec("welcome", null));
    const plan = planProvisioning(want, have);
    expect(plan.steps).toContainEqual({
      kind: "adopt",
      key: keys.role("g1"),
      resource: "role",
      discordId: "r1",
    });
    expect(plan.steps).toContainEqual({
      kind: "adopt",
      key: keys.welcome("g1"),
      resource: "welcome",
      discordId: "m1",
    });
    expect(count(plan.steps, "create-role")).toBe(0);
    expect(count(plan.steps, "post-welcome")).toBe(0);
    expect(plan.steps.filter(isWrite).map((s) => s.kind)).toEqual(["pin-welcome"]);
  });

  it("adopts a thing found by name only when no other record holds it, and each thing once", () => {
    // Two groups' roles share a name; g1's is recorded with its id, g2's create was interrupted.
    const twoGroups = desired(2, {
      groups: desired(2).groups.map((g) => ({ ...g, roleName: "Cohort · Group" })),
    });
    const have = emptyGuild([]);
    have.roles.set("r0", { id: "r0", name: "Moderators", position: 2 });
    have.roles.set("r1", { id: "r1", name: "Cohort · Group", position: 1 });
    have.recorded = new Map([
      [keys.role("g1"), rec("Cohort · Group", "r1")],
      [keys.role("g2"), rec("Cohort · Group", null)],
    ]);
    const plan = planProvisioning(twoGroups, have);
    expect(count(plan.steps, "adopt")).toBe(0);
    expect(plan.steps.filter((s) => s.kind === "create-role").map((s) => s.key)).toEqual([keys.role("g2")]);

    // Both interrupted, one role of that name: the first adopts it, the second is made.
    have.recorded.set(keys.role("g1"), rec("Cohort · Group", null));
    const again = planProvisioning(twoGroups, have);
    expect(again.steps.filter((s) => s.kind === "adopt").map((s) => [s.key, s.discordId])).toEqual([
      [keys.role("g1"), "r1"],
    ]);
    expect(again.steps.filter((s) => s.kind === "create-role").map((s) => s.key)).toEqual([keys.role("g2")]);

    // Interrupted, and no role of that name at all: it is made.
    have.roles.delete("r1");
    const none = planProvisioning(twoGroups, have);
    expect(none.steps.filter((s) => s.kind === "create-role").map((s) => s.key)).toEqual([
      keys.role("g1"),
      keys.role("g2"),
    ]);
  });

  it("adopts an interrupted channel only under its own category, and a category only at the top", () => {
    const { want, have } = provisioned();
    have.recorded.set(keys.text("g1"), rec("group-1", null));
    // The same name elsewhere: under another category, and at the top.
    have.channels.set("c9", { id: "c9", name: "Other", kind: "category", parentId: null, overwrites: [] });
    have.channels.set("t9", { id: "t9", name: "group-1", kind: "text", parentId: "c9", overwrites: [] });
    have.channels.delete("t1");
    const elsewhere = planProvisioning(want, have);
    expect(count(elsewhere.steps, "adopt")).toBe(0);
    expect(count(elsewhere.steps, "create-channel")).toBe(1);
    // Under its own category: adopted, not another text room there nor a voice room of that name.
    have.channels.set("t8", { id: "t8", name: "chat", kind: "text", parentId: "c1", overwrites: [] });
    have.channels.set("v8", { id: "v8", name: "group-1", kind: "voice", parentId: "c1", overwrites: [] });
    have.channels.set("t1", { id: "t1", name: "group-1", kind: "text", parentId: "c1", overwrites: [] });
    const home = planProvisioning(want, have);
    expect(home.steps.filter((s) => s.kind === "adopt").map((s) => s.discordId)).toEqual(["t1"]);
    // An interrupted category is found among the top-level channels by its name.
    have.recorded.set(keys.category(1), rec("Cohort 1", null));
    const category = planProvisioning(want, have);
    expect(category.steps.flatMap((s) => (s.kind === "adopt" ? [[s.resource, s.discordId]] : []))).toEqual([
      ["category", "c1"],
      ["text", "t1"],
    ]);
  });

  it("adopts a welcome found by its marker though no record of it was written, and pins it", () => {
    const { want, have } = provisioned();
    have.recorded.delete(keys.welcome("g1"));
    const plan = planProvisioning(want, have);
    expect(plan.steps).toEqual([
      { kind: "adopt", key: keys.welcome("g1"), resource: "welcome", discordId: "m1" },
      { kind: "pin-welcome", key: keys.welcome("g1"), channelKey: keys.text("g1") },
    ]);
  });

  it("adopts an interrupted scheduled event by its name, and makes one whose name is not there", () => {
    const { want, have } = provisioned();
    have.recorded.set(keys.event("s1"), rec("Cohort · Session 1", null));
    expect(planProvisioning(want, have).steps).toEqual([
      { kind: "adopt", key: keys.event("s1"), resource: "event", discordId: "e1" },
    ]);
    have.events.set("e1", { id: "e1", name: "Something else" });
    expect(kinds(planProvisioning(want, have).steps)).toEqual(["create-event"]);
  });

  it("does not adopt a same-named role it never meant to make", () => {
    const have = emptyGuild([]);
    have.roles.set("x", { id: "x", name: "Cohort · Group 1", position: 3 });
    const plan = planProvisioning(desired(1), have);
    expect(count(plan.steps, "adopt")).toBe(0);
    expect(count(plan.steps, "create-role")).toBe(1);
  });

  it("reports a role deleted by hand and does not make it again, nor what needs it", () => {
    const { want, have } = provisioned();
    have.roles.delete("r1");
    have.channels.delete("t1");
    have.recorded.set(keys.text("g1"), rec("group-1", "t1", { missingReported: true }));
    have.welcomes.delete("g1");
    const plan = planProvisioning(want, have);
    expect(plan.steps).toEqual([]);
    expect(plan.missing).toEqual([
      { key: keys.role("g1"), resource: "role", name: "Cohort · Group 1", alreadyReported: false },
      { key: keys.text("g1"), resource: "text", name: "group-1", alreadyReported: true },
    ]);
  });

  it("makes no rooms for a group whose role was deleted by hand, though their category is there", () => {
    const { want, have } = provisioned();
    have.roles.delete("r1");
    for (const id of ["t1", "v1"]) have.channels.delete(id);
    for (const key of [keys.text("g1"), keys.voice("g1"), keys.welcome("g1")]) have.recorded.delete(key);
    have.welcomes.delete("g1");
    const plan = planProvisioning(want, have);
    expect(plan.steps).toEqual([]);
    expect(plan.missing.map((m) => m.key)).toEqual([keys.role("g1")]);
  });

  it("reports a welcome deleted by hand and does not post it again", () => {
    const { want, have } = provisioned();
    have.welcomes.delete("g1");
    const plan = planProvisioning(want, have);
    expect(plan.steps).toEqual([]);
    expect(plan.missing).toEqual([
      { key: keys.welcome("g1"), resource: "welcome", name: "welcome", alreadyReported: false },
    ]);
  });

  it("makes an interrupted room whose category was never made, with the category, adopting nothing", () => {
    const have = emptyGuild([]);
    have.recorded = new Map([[keys.text("g1"), rec("group-1", null)]]);
    have.channels.set("t7", { id: "t7", name: "group-1", kind: "text", parentId: null, overwrites: [] });
    const plan = planProvisioning(desired(1), have);
    expect(count(plan.steps, "adopt")).toBe(0);
    expect(kinds(plan.steps).filter((k) => k.startsWith("create-"))).toEqual([
      "create-category",
      "create-role",
      "create-channel",
      "create-channel",
      "create-event",
    ]);
  });

  it("gives the role to members who lack it and takes it from people no longer in the group", () => {
    const { want, have } = provisioned();
    have.memberRoles.set("u1b", new Set());
    have.memberRoles.set("gone", new Set(["r1", "other"]));
    const plan = planProvisioning(want, have);
    expect(plan.steps).toEqual([
      { kind: "add-role", roleKey: keys.role("g1"), userId: "u1b" },
      { kind: "remove-role", roleId: "r1", userId: "gone" },
    ]);
  });

  it("waits for members who are not in the guild (they get the role when they join)", () => {
    const plan = planProvisioning(desired(1), emptyGuild(["u1a"]));
    expect(plan.steps.filter((s) => s.kind === "add-role")).toEqual([
      { kind: "add-role", roleKey: keys.role("g1"), userId: "u1a" },
    ]);
  });

  it("makes a finished cohort's channels read-only for the group, once", () => {
    const { want, have } = provisioned();
    const plan = planProvisioning({ ...want, mode: "read-only" }, have);
    expect(plan.steps).toEqual([
      { kind: "lock-channel", channelId: "t1", roleId: "r1", channel: "text" },
      { kind: "lock-channel", channelId: "v1", roleId: "r1", channel: "voice" },
    ]);
    // Done already (the group's overwrite denies writing and speaking, whatever @everyone's says).
    const everyone = { id: GUILD, type: 0 as const, allow: 0n, deny: P.ViewChannel };
    have.channels.get("t1")!.overwrites = [
      everyone,
      { id: "r1", type: 0, allow: P.ViewChannel, deny: P.SendMessages },
    ];
    have.channels.get("v1")!.overwrites = [
      everyone,
      { id: "r1", type: 0, allow: P.ViewChannel, deny: P.Speak },
    ];
    expect(planProvisioning({ ...want, mode: "read-only" }, have).steps).toEqual([]);
    // A live room's overwrite (writing allowed) is locked.
    have.channels.get("t1")!.overwrites = [everyone, { id: "r1", type: 0, allow: P.SendMessages, deny: 0n }];
    expect(planProvisioning({ ...want, mode: "read-only" }, have).steps).toEqual([
      { kind: "lock-channel", channelId: "t1", roleId: "r1", channel: "text" },
    ]);
  });

  it("in a finished cohort makes a missing room locked and locks a room an interrupted run made", () => {
    const { want, have } = provisioned();
    have.channels.delete("v1");
    have.recorded.delete(keys.voice("g1"));
    have.recorded.set(keys.text("g1"), rec("group-1", null));
    const plan = planProvisioning({ ...want, mode: "read-only" }, have);
    expect(plan.steps).toEqual([
      { kind: "adopt", key: keys.text("g1"), resource: "text", discordId: "t1" },
      {
        kind: "create-channel",
        key: keys.voice("g1"),
        name: "Group 1",
        channel: "voice",
        categoryKey: keys.category(1),
        roleKey: keys.role("g1"),
        mode: "read-only",
      },
      { kind: "lock-channel", channelId: "t1", roleId: "r1", channel: "text" },
    ]);
  });

  it("archives by deleting what exists (channels before their category, roles last) and writing off the rest", () => {
    const { want, have } = provisioned();
    have.channels.delete("v1");
    const plan = planProvisioning({ ...want, mode: "archived" }, have);
    expect(
      plan.steps.map((s) => (s.kind === "delete" ? s.discordId : `${s.kind} ${"key" in s && s.key}`)),
    ).toEqual(["e1", "t1", "forget voice:g1", "c1", "r1", "forget welcome:g1"]);
    expect(plan.steps.filter(isWrite)).toHaveLength(4);
    expect(plan.missing).toEqual([]);
    // A creation only intended (no id recorded) made nothing: nothing to delete or write off.
    have.recorded.set(keys.event("s2"), rec("Cohort · Session 2", null));
    expect(planProvisioning({ ...want, mode: "archived" }, have).steps).toHaveLength(6);
  });

  it("pins a welcome only until it is recorded pinned, and not at all without pinning", () => {
    const { want, have } = provisioned();
    have.recorded.set(keys.welcome("g1"), rec("welcome", "m1", { pinned: false }));
    expect(kinds(planProvisioning(want, have).steps)).toEqual(["pin-welcome"]);
    expect(planProvisioning({ ...want, pinWelcome: false }, have).steps).toEqual([]);
  });
});
