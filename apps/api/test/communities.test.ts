import {
  CodeOfConductService,
  CommunityDirectoryService,
  MemberService,
  programCodeOfConduct,
} from "@circles/core";
import { testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, organisedCommunity, startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
let c: Awaited<ReturnType<typeof organisedCommunity>>;
beforeAll(async () => {
  t = await startTestApi();
  c = await organisedCommunity(t.database);
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

const as = (options: Parameters<typeof injectAs>[3]) => injectAs(t.api, t.clock, c.organiser, options);
const auditActions = async () =>
  (await as({ method: "GET", url: `/api/communities/${c.guildId}/audit` }))
    .json()
    .entries.map((e: { action: string; actorName: string }) => `${e.action} by ${e.actorName}`);

describe(`communities and their settings (${testDatabaseKind()})`, () => {
  it("lists the communities I organise and shows /api/me", async () => {
    const list = await as({ method: "GET", url: "/api/communities" });
    expect(list.json()).toEqual([
      {
        guildId: c.guildId,
        name: "JuniorDev SG",
        timeZone: "Asia/Singapore",
        organiserRoleId: null,
        announcementChannelId: null,
        organiserChannelId: null,
      },
    ]);
    const me = await as({ method: "GET", url: "/api/me" });
    expect(me.json()).toMatchObject({
      user: { id: c.organiser.userId, name: "Mei Ling" },
      organises: [{ guildId: c.guildId, name: "JuniorDev SG" }],
      invitable: [],
    });
  });

  it("changes the organiser role, announcement channel and time zone, and audits who did it", async () => {
    const roleId = testSnowflake();
    const response = await as({
      method: "PATCH",
      url: `/api/communities/${c.guildId}/settings`,
      payload: { organiserRoleId: roleId, announcementChannelId: null, timeZone: "Europe/London" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ organiserRoleId: roleId, timeZone: "Europe/London" });
    const read = await as({ method: "GET", url: `/api/communities/${c.guildId}/settings` });
    expect(read.json()).toMatchObject({ organiserRoleId: roleId, timeZone: "Europe/London" });
    expect(await auditActions()).toContain("community.settings_changed by Mei Ling");
  });

  it("names every bad setting in one 400 and changes nothing", async () => {
    const response = await as({
      method: "PATCH",
      url: `/api/communities/${c.guildId}/settings`,
      payload: { organiserRoleId: "role", timeZone: "", colour: "red" },
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(["colour", "organiserRoleId", "timeZone"]);
    const unknownZone = await as({
      method: "PATCH",
      url: `/api/communities/${c.guildId}/settings`,
      payload: { timeZone: "Mars/Olympus" },
    });
    expect(unknownZone.statusCode).toBe(400);
    expect(unknownZone.json().problems).toEqual([
      { field: "timeZone", message: expect.stringMatching(/IANA/) },
    ]);
    const read = await as({ method: "GET", url: `/api/communities/${c.guildId}/settings` });
    expect(read.json().timeZone).toBe("Europe/London");
  });

  it("offers the server's roles and channels by name once the bot has seen it, and refuses others", async () => {
    const choicesUrl = `/api/communities/${c.guildId}/settings/choices`;
    expect((await as({ method: "GET", url: choicesUrl })).json()).toEqual({
      seenAt: null,
      roles: [],
      channels: [],
    });
    const organisers = { id: testSnowflake(), name: "Organisers" };
    const news = { id: testSnowflake(), name: "announcements" };
    const seenAt = new Date("2026-12-01T09:00:00Z");
    await new CommunityDirectoryService(t.database.db).record(
      c.guildId,
      { roles: [organisers], channels: [news] },
      seenAt,
    );
    expect((await as({ method: "GET", url: choicesUrl })).json()).toEqual({
      seenAt: seenAt.toISOString(),
      roles: [organisers],
      channels: [news],
    });
    const settingsUrl = `/api/communities/${c.guildId}/settings`;
    const refused = await as({
      method: "PATCH",
      url: settingsUrl,
      payload: {
        organiserRoleId: news.id,
        announcementChannelId: testSnowflake(),
        organiserChannelId: organisers.id,
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().problems).toEqual([
      { field: "organiserRoleId", message: expect.stringMatching(/not a role of this server/) },
      { field: "announcementChannelId", message: expect.stringMatching(/not a text channel of this server/) },
      { field: "organiserChannelId", message: expect.stringMatching(/not a text channel of this server/) },
    ]);
    const saved = await as({
      method: "PATCH",
      url: settingsUrl,
      payload: {
        organiserRoleId: organisers.id,
        announcementChannelId: news.id,
        organiserChannelId: news.id,
      },
    });
    expect(saved.json()).toMatchObject({
      organiserRoleId: organisers.id,
      announcementChannelId: news.id,
      organiserChannelId: news.id,
    });
    const cleared = await as({ method: "PATCH", url: settingsUrl, payload: { organiserChannelId: null } });
    expect(cleared.json()).toMatchObject({ announcementChannelId: news.id, organiserChannelId: null });
  });
});

describe(`the code of conduct (${testDatabaseKind()})`, () => {
  it("has no version at first", async () => {
    const response = await as({ method: "GET", url: `/api/communities/${c.guildId}/code-of-conduct` });
    expect(response.json()).toEqual({ current: null, versions: [] });
  });

  it("publishes versions, lists them newest first, and shows who accepted which", async () => {
    const sections = programCodeOfConduct();
    const first = await as({
      method: "POST",
      url: `/api/communities/${c.guildId}/code-of-conduct`,
      payload: { title: "Code of conduct", sections },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, title: "Code of conduct" });
    expect(first.json().sections).toHaveLength(11);

    const memberId = testSnowflake();
    await new MemberService(t.database.db).ensureInCommunity(c.guildId, {
      userId: memberId,
      displayName: "Aisha",
    });
    await new CodeOfConductService(t.database.db).accept(c.guildId, first.json().id, memberId);

    const second = await as({
      method: "POST",
      url: `/api/communities/${c.guildId}/code-of-conduct`,
      payload: { title: "Code of conduct, 2020", sections },
    });
    expect(second.json().version).toBe(2);
    const read = await as({ method: "GET", url: `/api/communities/${c.guildId}/code-of-conduct` });
    expect(read.json().current).toMatchObject({ version: 2, title: "Code of conduct, 2020" });
    expect(read.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const accepted = await as({
      method: "GET",
      url: `/api/communities/${c.guildId}/code-of-conduct/acceptances`,
    });
    expect(accepted.json()).toEqual([
      {
        userId: memberId,
        displayName: "Aisha",
        version: 1,
        versionId: first.json().id,
        acceptedAt: expect.any(String),
      },
    ]);
    expect(await auditActions()).toContain("code_of_conduct.published by Mei Ling");
  });

  it("refuses a version with a missing area or an unknown one, naming each", async () => {
    const [confidentiality, ...rest] = programCodeOfConduct();
    const missing = await as({
      method: "POST",
      url: `/api/communities/${c.guildId}/code-of-conduct`,
      payload: { title: "Short", sections: rest },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems).toEqual([
      { field: "sections", message: expect.stringMatching(/confidentiality/) },
    ]);
    const unknown = await as({
      method: "POST",
      url: `/api/communities/${c.guildId}/code-of-conduct`,
      payload: { title: "", sections: [{ ...confidentiality, area: "gossip" }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems.map((p: { field: string }) => p.field)).toEqual(["sections.0.area"]);
  });
});
