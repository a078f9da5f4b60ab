import { randomUUID } from "node:crypto";
import { type APIChannel, ChannelType, PermissionFlagsBits as P } from "discord.js";
import { describe, expect, it } from "vitest";
import { applyPlan, describeStep, reasonOf } from "./apply.ts";
import {
  categoryOverwrites,
  channelOverwrites,
  groupRoleOverwrite,
  type Overwrite,
  type Step,
} from "./plan.ts";
import { freshCohort, useSimulator } from "./simulator.fixture.ts";

// The plan's steps against the simulator, and what the database recorded of them.
const f = useSimulator();

/** A fresh guild and cohort, and `apply` for its steps, recording each step's onStep. */
async function freshWorld(options: { pinWelcome?: boolean } = {}) {
  const c = await freshCohort(f);
  const desired = {
    guildId: c.guildId,
    botUserId: f.botUserId,
    organiserRoleId: c.organiserRoleId,
    pinWelcome: options.pinWelcome ?? true,
  };
  const stepsFinished: boolean[] = [];
  const apply = (steps: Step[], known: Record<string, string> = {}) =>
    applyPlan(
      {
        rest: f.rest,
        service: c.service,
        guildId: c.guildId,
        cohortId: c.cohortId,
        desired,
        onStep: async (failed) => {
          stepsFinished.push(failed);
        },
      },
      { steps, known, missing: [] },
    );
  return { ...c, desired, stepsFinished, apply };
}

const asJson = (overwrites: Overwrite[]) =>
  overwrites
    .map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() }))
    .sort((a, b) => a.id.localeCompare(b.id));
const overwritesOf = (channel: APIChannel | undefined) =>
  [...((channel && "permission_overwrites" in channel ? channel.permission_overwrites : []) ?? [])].sort(
    (a, b) => a.id.localeCompare(b.id),
  );

/** A group's steps: role, category, text and voice room, both members, the welcome and its pin. */
function groupSteps(group = randomUUID()) {
  const k = {
    role: `role:${group}`,
    category: "category:1",
    text: `text:${group}`,
    voice: `voice:${group}`,
    welcome: `welcome:${group}`,
  };
  const steps: Step[] = [
    { kind: "create-role", key: k.role, name: "Spring · Group 01" },
    { kind: "create-category", key: k.category, name: "Spring" },
    {
      kind: "create-channel",
      key: k.text,
      name: "group-01",
      channel: "text",
      categoryKey: k.category,
      roleKey: k.role,
      mode: "live",
    },
    {
      kind: "create-channel",
      key: k.voice,
      name: "Group 01",
      channel: "voice",
      categoryKey: k.category,
      roleKey: k.role,
      mode: "read-only",
    },
    ...f.people.map((userId): Step => ({ kind: "add-role", roleKey: k.role, userId })),
    { kind: "post-welcome", key: k.welcome, channelKey: k.text, content: `Welcome <@${f.people[0]}>!` },
    { kind: "pin-welcome", key: k.welcome, channelKey: k.text },
  ];
  return { keys: k, steps };
}

describe("applyPlan", () => {
  it("makes a group's role, category, rooms, member roles and pinned welcome, and records each id", async () => {
    const w = await freshWorld();
    const { keys: k, steps } = groupSteps();
    expect(await w.apply(steps)).toEqual([]);
    expect(w.stepsFinished).toEqual(steps.map(() => false));

    const guild = await w.guild();
    const recorded = await w.recorded();
    const id = (key: string) => recorded.get(key)?.discordId ?? "none";
    const role = guild.roles.find((r) => r.id === id(k.role));
    expect(role).toMatchObject({
      name: "Spring · Group 01",
      permissions: "0",
      hoist: false,
      mentionable: false,
    });
    const category = guild.channels.find((c) => c.id === id(k.category));
    expect(category).toMatchObject({ name: "Spring", type: ChannelType.GuildCategory });
    expect(overwritesOf(category)).toEqual(asJson(categoryOverwrites(w.desired)));
    const text = guild.channels.find((c) => c.id === id(k.text));
    expect(text).toMatchObject({ name: "group-01", type: ChannelType.GuildText, parent_id: id(k.category) });
    expect(overwritesOf(text)).toEqual(asJson(channelOverwrites(w.desired, "text", id(k.role), "live")));
    const voice = guild.channels.find((c) => c.id === id(k.voice));
    expect(voice).toMatchObject({
      name: "Group 01",
      type: ChannelType.GuildVoice,
      parent_id: id(k.category),
    });
    expect(overwritesOf(voice)).toEqual(
      asJson(channelOverwrites(w.desired, "voice", id(k.role), "read-only")),
    );
    for (const userId of f.people) expect(await w.rolesOf(userId)).toContain(id(k.role));

    const messages = await f.control.messages(id(k.text));
    expect(messages.map((m) => [m.id, m.content, m.pinned, m.author.id])).toEqual([
      [id(k.welcome), `Welcome <@${f.people[0]}>!`, true, f.botUserId],
    ]);
    // Mentions in a welcome notify no one.
    const [posted] = await f.control.requestLog({ method: "POST", path: `/channels/${id(k.text)}/messages` });
    expect(posted?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect([...recorded.values()].map((r) => [r.key, r.name, r.pinned]).sort()).toEqual(
      [
        [k.category, "Spring", false],
        [k.role, "Spring · Group 01", false],
        [k.text, "group-01", false],
        [k.voice, "Group 01", false],
        [k.welcome, "welcome", true],
      ].sort(),
    );
  });

  it("makes a session's event with its time, place and description", async () => {
    const w = await freshWorld();
    const key = `event:${randomUUID()}`;
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 7 * 86_400_000 + 9_000_000).toISOString();
    const step: Step = {
      kind: "create-event",
      key,
      name: "Spring · Session 1",
      startsAt,
      endsAt,
      location: "Eunos Road 8",
      description: "Bring a laptop",
    };
    expect(await w.apply([step])).toEqual([]);
    const events = await f.control.scheduledEvents(w.guildId);
    expect(events.map((e) => e.id)).toEqual([(await w.recorded()).get(key)?.discordId]);
    expect(events[0]).toMatchObject({
      name: "Spring · Session 1",
      privacy_level: 2,
      entity_type: 3,
      entity_metadata: { location: "Eunos Road 8" },
      description: "Bring a laptop",
    });
    expect(Date.parse(events[0]!.scheduled_start_time)).toBe(Date.parse(startsAt));
    expect(Date.parse(events[0]!.scheduled_end_time!)).toBe(Date.parse(endsAt));
  });

  it("adopts what it found and uses known ids: gives, takes back, locks", async () => {
    const w = await freshWorld();
    const group = randomUUID();
    const found = await f.control.createRole(w.guildId, { name: "Spring · Group 01" });
    const old = await f.control.createRole(w.guildId, { name: "Old group" });
    const [ada, grace] = f.people as [string, string];
    await f.control.updateMember(w.guildId, grace, { roles: [old.id] });
    const room = (await restCreateChannel(w.guildId, "group-01", found.id)).id;
    const roles = (await w.guild()).roles.length;
    // Adopted: a create was intended, its answer lost.
    await w.service.intend(w.guildId, w.cohortId, "role", `role:${group}`, found.name);
    const steps: Step[] = [
      { kind: "adopt", key: `role:${group}`, resource: "role", discordId: found.id },
      { kind: "add-role", roleKey: `role:${group}`, userId: ada },
      { kind: "add-role", roleKey: "role:known", userId: grace },
      { kind: "remove-role", roleId: old.id, userId: grace },
      { kind: "lock-channel", channelId: room, roleId: found.id, channel: "text" },
    ];
    expect(await w.apply(steps, { "role:known": found.id })).toEqual([]);
    expect((await w.guild()).roles.length).toBe(roles);
    expect((await w.recorded()).get(`role:${group}`)?.discordId).toBe(found.id);
    expect(await w.rolesOf(ada)).toEqual([found.id]);
    expect(await w.rolesOf(grace)).toEqual([found.id]);
    const channel = (await w.guild()).channels.find((c) => c.id === room);
    expect(overwritesOf(channel).find((o) => o.id === found.id)).toEqual(
      asJson([groupRoleOverwrite("text", found.id, "read-only")])[0],
    );
    expect(w.stepsFinished).toEqual([false, false, false, false, false]);
  });

  it("deletes what was made and forgets it, also when someone deleted it first", async () => {
    const w = await freshWorld();
    const g = randomUUID();
    const made = groupSteps(g);
    const event: Step = {
      kind: "create-event",
      key: `event:${g}`,
      name: "Session",
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      location: "Here",
      description: "Then",
    };
    expect(await w.apply([...made.steps, event])).toEqual([]);
    const recorded = await w.recorded();
    const id = (key: string) => recorded.get(key)!.discordId!;
    // Someone deleted the voice room by hand already.
    await f.rest.delete(`/channels/${id(made.keys.voice)}`);
    const deletes: Step[] = [
      { kind: "delete", key: made.keys.text, resource: "text", discordId: id(made.keys.text) },
      { kind: "delete", key: made.keys.voice, resource: "voice", discordId: id(made.keys.voice) },
      { kind: "delete", key: made.keys.role, resource: "role", discordId: id(made.keys.role) },
      { kind: "delete", key: `event:${g}`, resource: "event", discordId: id(`event:${g}`) },
      { kind: "forget", key: made.keys.welcome, resource: "welcome" },
    ];
    const deleteRequests = async () => (await f.control.requestLog({ method: "DELETE" })).length;
    const before = await deleteRequests();
    expect(await w.apply(deletes)).toEqual([]);
    // Four deletes; forgetting the welcome asks Discord nothing.
    expect((await deleteRequests()) - before).toBe(4);
    const guild = await w.guild();
    expect(guild.channels.map((c) => c.id).sort()).toEqual([id(made.keys.category)]);
    expect(guild.roles.some((r) => r.id === id(made.keys.role))).toBe(false);
    expect(await f.control.scheduledEvents(w.guildId)).toEqual([]);
    const after = await w.recorded();
    expect([...after.values()].filter((r) => r.discordId).map((r) => r.key)).toEqual([made.keys.category]);

    // Deleted again: each is gone already, which is what the step wanted.
    expect(await w.apply(deletes.slice(0, 4))).toEqual([]);
  });

  it("takes a role back from someone who left, and gives none to them", async () => {
    const w = await freshWorld();
    const role = await f.control.createRole(w.guildId, { name: "Group" });
    await f.control.removeMember(w.guildId, f.people[0]!);
    expect(
      await w.apply(
        [
          { kind: "remove-role", roleId: role.id, userId: f.people[0]! },
          { kind: "add-role", roleKey: "role:g", userId: f.people[0]! },
        ],
        { "role:g": role.id },
      ),
    ).toEqual([]);
  });

  it("reports a failed create with Discord's answer, and each step that waited for it", async () => {
    const w = await freshWorld();
    const { keys: k, steps } = groupSteps();
    await f.control.addFault({
      kind: "fail",
      route: "POST /guilds/*/roles",
      status: 400,
      code: 30005,
      message: "Maximum number of guild roles reached (250)",
    });
    const failures = await w.apply(steps);
    const waits = `waits for ${k.role}, which failed`;
    expect(failures.sort((a, b) => a.step.localeCompare(b.step))).toEqual(
      [
        {
          step: 'create-role "Spring · Group 01"',
          reason: "Discord answered 400: Maximum number of guild roles reached (250) (30005)",
        },
        { step: 'create-channel "group-01"', reason: waits },
        { step: 'create-channel "Group 01"', reason: waits },
        ...f.people.map((userId) => ({ step: `add-role <@${userId}> (${k.role})`, reason: waits })),
        { step: `post-welcome ${k.welcome}`, reason: `waits for ${k.text}, which failed` },
        { step: `pin-welcome ${k.welcome}`, reason: `waits for ${k.text}, which failed` },
      ].sort((a, b) => a.step.localeCompare(b.step)),
    );
    expect(w.stepsFinished.filter((failed) => failed)).toHaveLength(failures.length);
    expect(w.stepsFinished.filter((failed) => !failed)).toHaveLength(1);
    // The intent stays recorded without an id: the next pass looks for it by name.
    const recorded = await w.recorded();
    expect(recorded.get(k.role)).toMatchObject({ name: "Spring · Group 01", discordId: null });
    expect(recorded.get(k.category)?.discordId).toMatch(/^\d+$/);
    expect(recorded.has(k.text)).toBe(false);
  });

  it("says what a lacking permission means, and keeps the record of a delete that failed", async () => {
    const w = await freshWorld();
    const role = await f.control.createRole(w.guildId, { name: "Group" });
    await f.control.addFault({ kind: "fail", route: "DELETE /guilds/*/roles/*", status: 403, code: 50013 });
    await f.control.addFault({
      kind: "fail",
      route: "PUT /guilds/*/members/*/roles/*",
      status: 403,
      code: 50001,
    });
    const failures = await w.apply(
      [
        { kind: "delete", key: "role:g", resource: "role", discordId: role.id },
        { kind: "add-role", roleKey: "role:g", userId: f.people[0]! },
        { kind: "add-role", roleKey: "role:none", userId: f.people[1]! },
      ],
      { "role:g": role.id },
    );
    expect(failures.sort((a, b) => a.step.localeCompare(b.step))).toEqual([
      { step: `add-role <@${f.people[0]}> (role:g)`, reason: "Discord answered 403: 403: Forbidden (50001)" },
      { step: `add-role <@${f.people[1]}> (role:none)`, reason: "role:none does not exist" },
      {
        step: "delete role:g",
        reason: "Discord says the bot lacks a permission here, or its role is too low (50013)",
      },
    ]);
    expect((await w.guild()).roles.some((r) => r.id === role.id)).toBe(true);
  });

  it("reports a pin that failed, and leaves the welcome unpinned in the record", async () => {
    const w = await freshWorld();
    const { keys: k, steps } = groupSteps();
    await f.control.addFault({
      kind: "fail",
      route: "PUT /channels/*/messages/pins/*",
      status: 403,
      code: 50013,
    });
    const failures = await w.apply(steps);
    expect(failures.map((f) => f.step)).toEqual([`pin-welcome ${k.welcome}`]);
    expect((await w.recorded()).get(k.welcome)).toMatchObject({
      pinned: false,
      discordId: expect.any(String),
    });
  });
});

describe("the first request of a kind", () => {
  it("goes alone; the others of its kind follow it together", async () => {
    const w = await freshWorld();
    const role = await f.control.createRole(w.guildId, { name: "Group" });
    const rooms: string[] = [];
    for (const name of ["a", "b", "c"]) rooms.push((await restCreateChannel(w.guildId, name, role.id)).id);
    // Two requests held a while: the first alone, then one of the other two, beside the third.
    await f.control.addFault({ kind: "latency", route: "PUT /channels/*/permissions/*", ms: 300, count: 2 });
    const steps = rooms.map(
      (channelId): Step => ({ kind: "lock-channel", channelId, roleId: role.id, channel: "text" }),
    );
    expect(await w.apply(steps)).toEqual([]);
    const spans = (await f.control.requestLog({ method: "PUT", path: "/permissions/" }))
      .filter((e) => rooms.some((id) => e.path.includes(id)))
      .map((e) => ({ start: Date.parse(e.at) - e.durationMs, end: Date.parse(e.at) }))
      .sort((a, b) => a.start - b.start);
    expect(spans).toHaveLength(3);
    const [first, second, third] = spans as [(typeof spans)[0], (typeof spans)[0], (typeof spans)[0]];
    // The clock of `at` counts whole milliseconds.
    expect(first.end - first.start).toBeGreaterThanOrEqual(300);
    expect(second.start).toBeGreaterThanOrEqual(first.end - 2);
    expect(third.start).toBeGreaterThanOrEqual(first.end - 2);
    expect(third.start - second.start).toBeLessThan(150);
  });
});

describe("describeStep and reasonOf", () => {
  it("names each kind of step for organisers", () => {
    const steps: [Step, string][] = [
      [{ kind: "remove-role", roleId: "7", userId: "5" }, "remove-role <@5> (7)"],
      [{ kind: "lock-channel", channelId: "8", roleId: "7", channel: "voice" }, "lock-channel 8"],
      [
        {
          kind: "create-event",
          key: "event:s",
          name: "Session",
          startsAt: "",
          endsAt: "",
          location: "",
          description: "",
        },
        'create-event "Session"',
      ],
      [{ kind: "create-category", key: "category:1", name: "Spring" }, 'create-category "Spring"'],
      [{ kind: "adopt", key: "role:g", resource: "role", discordId: "7" }, "adopt role:g"],
      [{ kind: "forget", key: "text:g", resource: "text" }, "forget text:g"],
    ];
    for (const [step, text] of steps) expect(describeStep(step)).toBe(text);
  });

  it("gives the message of anything thrown", () => {
    expect(reasonOf(new Error("socket hang up"))).toBe("socket hang up");
    expect(reasonOf("down")).toBe("down");
  });
});

function restCreateChannel(guildId: string, name: string, roleId: string) {
  return f.rest.post(`/guilds/${guildId}/channels`, {
    body: {
      name,
      type: ChannelType.GuildText,
      permission_overwrites: [{ id: roleId, type: 0, allow: P.SendMessages.toString(), deny: "0" }],
    },
  }) as Promise<{ id: string }>;
}
