import { CommunityDirectoryService, CommunityService } from "@circles/core";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { tellOrganisers } from "../src/organisers/tell-organisers.ts";
import { type Harness, startHarness } from "./harness.ts";

// The one way organisers hear of things: their private channel when set, else a DM to each holder of
// the organiser role, else to the owner.
describe("telling the organisers", () => {
  let h: Harness;
  let ownerId: string;
  const log = createLogger("silent");
  beforeAll(async () => {
    h = await startHarness();
    ownerId = (await h.control.guild(h.demo.guildId)).ownerId;
  });
  afterAll(() => h?.close());

  const directory = () => new CommunityDirectoryService(h.database.db);
  const tell = (content: string) =>
    tellOrganisers({ db: h.database.db, rest: h.bot.client.rest, log }, h.demo.guildId, content);
  const settings = (patch: { organiserRoleId?: string | null; organiserChannelId?: string | null }) =>
    new CommunityService(h.database.db).updateSettings(h.demo.guildId, patch, { userId: ownerId });
  const dmsWith = async (userId: string, text: string) =>
    (await h.control.dms(userId)).filter((m) => m.content.includes(text)).length;
  const everyone = async () => (await h.control.members(h.demo.guildId)).filter((m) => !m.user.bot);

  beforeEach(async () => {
    await settings({ organiserRoleId: null, organiserChannelId: null });
    for (const m of await everyone()) h.sim.state.users.get(m.user.id)!.dmsBlocked = false;
  });

  it("DMs each holder of the organiser role (people, not bots), and no one else", async () => {
    await settings({ organiserRoleId: h.demo.roles.Organisers! });
    // The bot holds the role too; it is not told.
    const botId = h.bot.client.user.id;
    const botRoles = (await h.control.members(h.demo.guildId)).find((m) => m.user.id === botId)!.roles;
    await h.control.updateMember(h.demo.guildId, botId, { roles: [...botRoles, h.demo.roles.Organisers!] });
    expect(h.demo.organisers.length).toBeGreaterThan(1);
    expect(await tell("Report #1 about fees arrived.")).toEqual({
      via: "dm",
      reached: h.demo.organisers.length,
    });
    for (const m of await everyone())
      expect({ who: m.user.id, dms: await dmsWith(m.user.id, "Report #1 about fees") }).toEqual({
        who: m.user.id,
        dms: h.demo.organisers.includes(m.user.id) ? 1 : 0,
      });
  });

  it("skips an organiser who takes no DMs and reaches the others", async () => {
    await settings({ organiserRoleId: h.demo.roles.Organisers! });
    const [closed, ...open] = h.demo.organisers;
    h.sim.state.users.get(closed!)!.dmsBlocked = true;
    expect(await tell("Report #2 about fees arrived.")).toEqual({ via: "dm", reached: open.length });
    expect(await dmsWith(closed!, "Report #2")).toBe(0);
    for (const id of open) expect(await dmsWith(id, "Report #2")).toBe(1);
  });

  it("reads the member list only up to its limit, and says so in the log", async () => {
    await settings({ organiserRoleId: h.demo.roles.Organisers! });
    // The list comes in user-id order: stop just before the last organiser in it.
    const order = (await h.control.members(h.demo.guildId))
      .map((m) => BigInt(m.user.id))
      .sort((x, y) => (x < y ? -1 : 1))
      .map(String);
    const limit = Math.max(...h.demo.organisers.map((id) => order.indexOf(id)));
    const within = h.demo.organisers.filter((id) => order.indexOf(id) < limit);
    expect(within.length).toBeGreaterThan(0);
    const lines: string[] = [];
    const capturing = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    expect(
      await tellOrganisers(
        { db: h.database.db, rest: h.bot.client.rest, log: capturing, membersReadLimit: limit },
        h.demo.guildId,
        "Report #5 about fees arrived.",
      ),
    ).toEqual({ via: "dm", reached: within.length });
    for (const id of h.demo.organisers)
      expect(await dmsWith(id, "Report #5")).toBe(within.includes(id) ? 1 : 0);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ guildId: h.demo.guildId, read: limit, found: within.length }),
    ]);
  });

  it("DMs the owner when no organiser role is set", async () => {
    expect(await tell("Mentor left Group 01.")).toEqual({ via: "dm", reached: 1 });
    expect(await dmsWith(ownerId, "Mentor left Group 01.")).toBe(1);
    for (const id of h.demo.organisers.filter((o) => o !== ownerId))
      expect(await dmsWith(id, "Mentor left Group 01.")).toBe(0);
  });

  it("posts once in the organisers' channel when one is set (cut to Discord's 2,000 characters), and DMs no one", async () => {
    await settings({
      organiserRoleId: h.demo.roles.Organisers!,
      organiserChannelId: h.demo.channels.general!,
    });
    const long = `Report #3 about fees arrived. ${"x".repeat(2100)}`;
    expect(await tell(long)).toEqual({ via: "channel", reached: 1 });
    const posts = (await h.control.messages(h.demo.channels.general!)).filter((m) =>
      m.content.startsWith("Report #3"),
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]?.content).toHaveLength(2000);
    for (const id of h.demo.organisers) expect(await dmsWith(id, "Report #3")).toBe(0);
  });

  it("falls back to DMs when the organisers' channel is gone", async () => {
    const gone = (
      await h.bot.client.guilds.cache.get(h.demo.guildId)!.channels.create({ name: "old-organisers" })
    ).id;
    // Settings name only channels the bot has seen: wait for it to record the new one.
    await expect
      .poll(async () => (await directory().get(h.demo.guildId))?.channels.some((c) => c.id === gone))
      .toBe(true);
    await settings({ organiserRoleId: h.demo.roles.Organisers!, organiserChannelId: gone });
    await h.bot.client.channels.cache.get(gone)!.delete();
    expect(await tell("Report #4 about fees arrived.")).toEqual({
      via: "dm",
      reached: h.demo.organisers.length,
    });
  });
});
