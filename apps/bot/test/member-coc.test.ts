import { CodeOfConductService, programCodeOfConduct } from "@circles/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";
import { customIds, eventually, idOn } from "./member-helpers.ts";

// Members meet the program: the welcome on joining, and the code of conduct (/coc) read and accepted.

describe("welcome and code of conduct on Discord", () => {
  let h: Harness;
  let conduct: CodeOfConductService;
  const sections = programCodeOfConduct();

  beforeAll(async () => {
    h = await startHarness();
    conduct = new CodeOfConductService(h.database.db);
  });
  afterAll(() => h?.close());

  const isMember = async (userId: string) =>
    (await h.database.db
      .selectFrom("community_members")
      .select("user_id")
      .where("guild_id", "=", h.demo.guildId)
      .where("user_id", "=", userId)
      .executeTakeFirst()) !== undefined;

  it("welcomes a newcomer by DM with the way to join, and records them as a member", async () => {
    const user = await h.control.createUser({ username: "newcomer" });
    await h.control.addMember(h.demo.guildId, { userId: user.id });
    const dm = await eventually(async () => (await h.control.dms(user.id))[0]);
    expect(dm.content).toMatch(/Welcome to \*\*JuniorDev SG\*\*/);
    expect(dm.content).toMatch(/`\/coc`.*`\/apply`/s);
    expect(await eventually(async () => ((await isMember(user.id)) ? true : undefined))).toBe(true);
    const general = await h.control.messages(h.demo.channels.general!);
    expect(general.some((m) => m.content.includes(`<@${user.id}>`))).toBe(false);
  });

  it("welcomes a newcomer who blocks DMs in the server's welcome channel, mentioning them", async () => {
    const user = await h.control.createUser({ username: "private", dmsBlocked: true });
    await h.control.addMember(h.demo.guildId, { userId: user.id });
    const post = await eventually(async () =>
      (await h.control.messages(h.demo.channels.general!)).find((m) => m.content.startsWith(`<@${user.id}>`)),
    );
    expect(post.content).toMatch(/Welcome to \*\*JuniorDev SG\*\*.*`\/coc`/s);
    expect(post.mentions.map((u) => u.id)).toEqual([user.id]);
    expect(await h.control.dms(user.id)).toEqual([]);
  });

  it("says so when no code of conduct is published", async () => {
    const answer = await h.command(h.demo.mentees[0]!, "coc");
    expect(answer.original?.content).toBe(
      "This community has not published a code of conduct yet, so there is nothing to accept.",
    );
    expect(answer.original?.ephemeral).toBe(true);
  });

  it("shows the eleven areas in short, each area in full in either handbook, and records the acceptance", async () => {
    const v1 = await conduct.publish(h.demo.guildId, { title: "Code of conduct", sections }, null);
    const member = h.demo.mentees[0]!;
    const shown = await h.command(member, "coc");
    const overview = shown.original!;
    expect(overview.content).toMatch(/Read it, then press Accept/);
    expect(overview.embeds[0]?.title).toBe("Code of conduct (version 1)");
    const lines = overview.embeds[0]?.description?.split("\n") ?? [];
    expect(lines).toHaveLength(11);
    lines.forEach((line, i) => {
      expect(line.startsWith(`**${i + 1}. `)).toBe(true);
      expect(line.endsWith(`: ${sections[i]!.summary}`)).toBe(true);
    });

    const area = await h.select(member, overview, idOn(overview, "c1:coc-area:"), ["4"]);
    expect(area.original?.embeds[0]).toMatchObject({
      title: "5. Personal relationships",
      description: sections[4]!.menteeText,
    });
    const toMentors = customIds(area.original).find((id) => id.endsWith(":mentor:4"));
    const mentors = await h.press(member, area.original!, toMentors!);
    expect(mentors.original?.embeds[0]).toMatchObject({
      title: "5. Personal relationships",
      description: sections[4]!.mentorText,
    });
    const back = await h.press(
      member,
      mentors.original!,
      customIds(mentors.original).find((id) => id.endsWith(":mentor:all"))!,
    );
    expect(back.original?.embeds[0]?.title).toBe("Code of conduct (version 1)");

    const accepted = await h.press(member, back.original!, idOn(back.original, "c1:coc-accept:"));
    expect(accepted.original?.content).toMatch(/your acceptance of version 1 is recorded.*`\/apply`/s);
    expect(customIds(accepted.original).some((id) => id.startsWith("c1:coc-accept"))).toBe(false);
    expect((await conduct.acceptances(h.demo.guildId)).map((a) => [a.userId, a.versionId])).toEqual([
      [member, v1.id],
    ]);

    const again = await h.command(member, "coc");
    expect(again.original?.content).toBe("You have accepted version 1 of the code of conduct.");
    expect(customIds(again.original).some((id) => id.startsWith("c1:coc-accept"))).toBe(false);
  });

  it("refuses an Accept pressed on a version replaced since, and shows the new one to accept", async () => {
    const member = h.demo.mentees[1]!;
    const old = (await h.command(member, "coc")).original!;
    const v2 = await conduct.publish(h.demo.guildId, { title: "Code of conduct", sections }, null);
    const refused = await h.press(member, old, idOn(old, "c1:coc-accept:"));
    expect(refused.original?.content).toMatch(
      /^Not accepted: the version you read has been replaced by version 2/,
    );
    expect(refused.original?.embeds[0]?.title).toBe("Code of conduct (version 2)");
    expect((await conduct.acceptances(h.demo.guildId)).some((a) => a.userId === member)).toBe(false);

    const accepted = await h.press(member, refused.original!, idOn(refused.original, "c1:coc-accept:"));
    expect(accepted.original?.content).toMatch(/version 2 is recorded/);
    expect(await conduct.hasAcceptedCurrent(h.demo.guildId, member)).toBe(true);
    // A new version asks everyone again, the member who accepted version 1 included.
    expect(await conduct.hasAcceptedCurrent(h.demo.guildId, h.demo.mentees[0]!)).toBe(false);
    expect((await h.command(h.demo.mentees[0]!, "coc")).original?.content).toMatch(/press Accept/);
    expect(v2.version).toBe(2);
  });
});
