import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlClient, ControlError } from "../src/control-client.ts";
import { DEMO_GUILD_NAME } from "../src/seed/demo.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { snowflakeTime } from "../src/state/snowflake.ts";

describe("state file, demo seed and control API", () => {
  let dir: string;
  let file: string;
  let sim: Simulator;
  let control: ControlClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "discord-sim-"));
    file = join(dir, "state.json");
    sim = await startSimulator({ seed: "demo", stateFile: file });
    control = new ControlClient(sim.urls.control);
  });
  afterAll(async () => {
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("seeds the demo community: organisers, a dozen mentors, two dozen mentees, the bot on top", async () => {
    const guild = await control.guild(sim.guildId);
    expect(guild.name).toBe(DEMO_GUILD_NAME);
    const roleId = (name: string) => guild.roles.find((r) => r.name === name)!.id;
    const members = await control.members(sim.guildId);
    const count = (name: string) => members.filter((m) => m.roles.includes(roleId(name))).length;
    expect(count("Organisers")).toBeGreaterThanOrEqual(2);
    expect(count("Mentors")).toBe(12);
    expect(count("Mentees")).toBe(24);
    expect(new Set(members.map((m) => m.user.global_name)).size).toBe(members.length);
    const top = [...guild.roles].sort((a, b) => b.position - a.position)[0]!;
    expect(top.tags?.bot_id).toBe(sim.state.applications.get(sim.applicationId)!.bot_user_id);
    expect(guild.channels.map((c) => c.name)).toEqual(
      expect.arrayContaining(["announcements", "general", "Lobby"]),
    );
  });

  it("mints snowflakes that encode their creation time and never repeat", () => {
    const ids = Array.from({ length: 5000 }, () => sim.state.ids.next());
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.abs(snowflakeTime(ids[0]!) - Date.now())).toBeLessThan(60_000);
  });

  it("creates users, guilds and members, and reports each member's effective channel visibility", async () => {
    const user = await control.createUser({ username: "newcomer", globalName: "New Comer" });
    const guild = await control.createGuild({ name: "Another community" });
    await control.addMember(guild.id, { userId: user.id });
    const mentees = sim.state.rolesOf(sim.guildId).find((r) => r.name === "Mentees")!.id;
    const mentee = sim.state.membersOf(sim.guildId).find((m) => m.roles.includes(mentees))!;
    const visibility = await control.memberChannels(sim.guildId, mentee.user_id);
    const announcements = visibility.find((c) => c.name === "announcements")!;
    expect(announcements.visible).toBe(true);
    expect(announcements.canSend).toBe(false); // @everyone is denied SEND_MESSAGES there
    const state = await control.state();
    expect(state.guilds.map((g) => g.id)).toContain(guild.id);
  });

  it("answers control mistakes with a status and a clear message", async () => {
    const error = await control.addMember(sim.guildId, { userId: "not-an-id" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect((error as ControlError).status).toBe(400);
    const general = sim.state.channelsOf(sim.guildId).find((c) => c.name === "general")!;
    const missing = await control
      .runCommand({
        guildId: sim.guildId,
        channelId: general.id,
        userId: sim.state.membersOf(sim.guildId)[2]!.user_id,
        name: "nope",
      })
      .catch((e: unknown) => e as ControlError);
    expect((missing as ControlError).status).toBe(404);
    expect((missing as ControlError).message).toMatch(/no slash command \/nope/);
  });

  it("lets a member post in a channel and refuses one who cannot see it", async () => {
    const general = sim.state.channelsOf(sim.guildId).find((c) => c.name === "general")!;
    const someone = sim.state.membersOf(sim.guildId)[5]!.user_id;
    const posted = await control.sendMessage(general.id, { userId: someone, content: "hello all" });
    expect((await control.messages(general.id)).map((m) => m.id)).toContain(posted.id);
    const hidden = sim.state.createChannel(sim.guildId, {
      type: 0,
      name: "staff",
      permission_overwrites: [{ id: sim.guildId, type: 0, allow: "0", deny: "1024" }],
    });
    const refused = await control
      .sendMessage(hidden.id, { userId: someone, content: "hi" })
      .catch((e: unknown) => e);
    expect((refused as ControlError).status).toBe(403);
    const read = await control.messages(hidden.id, { asUser: someone }).catch((e: unknown) => e);
    expect((read as ControlError).status).toBe(403);
  });

  it("saves to the state file and a new simulator starts from it", async () => {
    const role = sim.state.createRole(sim.guildId, { name: "Persisted role" });
    await control.save();
    const saved = JSON.parse(await readFile(file, "utf8")) as { roles: { id: string }[] };
    expect(saved.roles.map((r) => r.id)).toContain(role.id);
    const again = await startSimulator({ stateFile: file });
    try {
      expect(again.guildId).toBe(sim.guildId);
      expect(again.botToken).toBe(sim.botToken);
      expect(again.state.roles.get(role.id)?.name).toBe("Persisted role");
      expect(again.state.membersOf(sim.guildId).length).toBe(sim.state.membersOf(sim.guildId).length);
    } finally {
      await again.close();
    }
  });
});
