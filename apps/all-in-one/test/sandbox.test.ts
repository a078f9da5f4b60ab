import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApplicationService, CodeOfConductService, CohortService, CommunityService } from "@circles/core";
import { ControlClient, type InteractionState } from "@circles/discord-sim/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_APPLICANTS } from "../src/demo-people.ts";
import { type Sandbox, sandboxFiles, startSandbox } from "../src/sandbox.ts";

const options = (dataDir: string) => ({
  dataDir,
  host: "127.0.0.1",
  port: 0,
  simPort: 0,
  logLevel: "silent" as const,
});
const answered = (s: InteractionState) => s.stage === "replied" || s.stage === "modal";

describe("the sandbox (npm start with no settings)", () => {
  let dataDir: string;
  let sandbox: Sandbox;
  let control: ControlClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "circles-sandbox-"));
    sandbox = await startSandbox(options(dataDir));
    control = new ControlClient(sandbox.info.control);
  });
  afterAll(async () => {
    await sandbox?.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  const organiserId = async () => {
    const members = await control.members(sandbox.info.guildId);
    return members.find((m) => m.user.global_name === "Mei Ling Tan")!.user.id;
  };
  const run = async (userId: string, name: string, subcommand?: string) => {
    const guild = await control.guild(sandbox.info.guildId);
    const created = await control.runCommand({
      guildId: sandbox.info.guildId,
      channelId: guild.channels.find((c) => c.name === "general")!.id,
      userId,
      name,
      ...(subcommand ? { subcommand } : {}),
    });
    return control.waitForInteraction(created.interactionId, answered, 10_000);
  };

  it("writes the simulator's start-up object to sandbox.json", async () => {
    const written = JSON.parse(await readFile(sandboxFiles(dataDir).startupInfo, "utf8"));
    expect(written).toEqual({
      api: sandbox.sim.urls.api,
      gateway: sandbox.sim.urls.gateway,
      oauth: sandbox.sim.urls.oauth,
      botToken: sandbox.sim.botToken,
      applicationId: sandbox.sim.applicationId,
      clientId: sandbox.sim.clientId,
      clientSecret: sandbox.sim.clientSecret,
      guildId: sandbox.sim.guildId,
      control: sandbox.sim.urls.control,
    });
  });

  it("saves the simulated Discord beside the database at once, before anything changes it", async () => {
    const saved = await readFile(sandboxFiles(dataDir).simState, "utf8");
    expect(saved).toContain(sandbox.info.guildId);
    expect(saved).toContain(`${sandbox.dashboardUrl}/api/auth/callback`);
  });

  it("lays out the demo program on the first start: code of conduct, an open cohort, everyone applied", async () => {
    const db = sandbox.database.db;
    const guildId = sandbox.info.guildId;
    expect(sandbox.seeded).toBe(true);
    const community = await new CommunityService(db).get(guildId);
    expect(community.timeZone).toBe("Asia/Singapore");
    expect(community.organiserRoleId).not.toBeNull();
    expect((await new CodeOfConductService(db).current(guildId))?.sections).toHaveLength(11);
    const cohort = await new CohortService(db).current(guildId);
    expect(cohort.state).toBe("applications_open");
    const applications = await new ApplicationService(db).list(guildId, cohort.id);
    expect(applications).toHaveLength(DEMO_APPLICANTS.length);
    expect(applications.filter((a) => a.role === "mentor")).toHaveLength(12);
  });

  it("lets an organiser close, match and publish at once; the groups get their rooms", async () => {
    const organiser = await organiserId();
    expect((await run(organiser, "cohort", "close")).original?.content).toContain("closed");
    const matched = (await run(organiser, "cohort", "match")).original?.content ?? "";
    expect(matched).toMatch(/6 draft groups\.\*\* 18 mentees placed/);
    // The link goes to the dashboard's matching page of this cohort.
    const cohort = await new CohortService(sandbox.database.db).current(sandbox.info.guildId);
    expect(matched).toContain(
      `${sandbox.dashboardUrl}/c/${sandbox.info.guildId}/cohorts/${cohort.id}/matching`,
    );
    const plan = await run(organiser, "cohort", "publish");
    const publish = plan.original!;
    const row = publish.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined;
    const confirm = row?.components.find((b) => b.label === "Publish");
    if (!confirm) throw new Error(`no Publish button in ${JSON.stringify(publish)}`);
    const pressed = await control.pressButton({
      channelId: publish.channel_id,
      userId: organiser,
      messageId: publish.id,
      customId: confirm.custom_id,
    });
    await control.waitForInteraction(pressed.interactionId, answered, 10_000);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = (await run(organiser, "cohort", "status")).original?.content ?? "";
      if (/Provisioning: \*\*finished\*\*/.test(status)) break;
      if (Date.now() > deadline) throw new Error(`provisioning did not finish: ${status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const guild = await control.guild(sandbox.info.guildId);
    expect(guild.roles.filter((r) => / · Group \d+$/.test(r.name))).toHaveLength(6);
    const mentee = (await control.members(sandbox.info.guildId)).find(
      (m) => m.user.global_name === "Ethan Chua",
    )!;
    const visible = (await control.memberChannels(sandbox.info.guildId, mentee.user.id)).filter(
      (c) => c.visible && /^group/i.test(c.name ?? ""),
    );
    expect(visible.map((c) => c.type).sort()).toEqual([0, 2]);
  });

  it("carries on after a restart: same server, same cohort, nothing laid out twice", async () => {
    const guildId = sandbox.info.guildId;
    await sandbox.close();
    sandbox = await startSandbox(options(dataDir));
    control = new ControlClient(sandbox.info.control);
    expect(sandbox.seeded).toBe(false);
    expect(sandbox.info.guildId).toBe(guildId);
    const cohorts = await new CohortService(sandbox.database.db).list(guildId);
    expect(cohorts.map((c) => c.state)).toEqual(["published"]);
    const answer = await run(await organiserId(), "cohort", "status");
    expect(answer.original?.content).toMatch(/is \*\*published\*\*/);
  });

  it("refuses to start on a database whose simulated Discord is gone, and says how to start over", async () => {
    await sandbox.close();
    await rm(sandboxFiles(dataDir).simState);
    await expect(startSandbox(options(dataDir))).rejects.toThrow(
      /database but no simulated Discord.*Delete that folder/,
    );
  });
});
