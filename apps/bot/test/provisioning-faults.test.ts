import { CohortService, ProvisioningService } from "@circles/core";
import { afterEach, describe, expect, it } from "vitest";
import { expectExactlyOnce } from "./provisioning-expect.ts";
import {
  COHORT_NAME,
  lastSeq,
  type ProvisioningWorld,
  reconcileNow,
  startProvisioningWorld,
  writesSince,
} from "./provisioning-world.ts";

let world: ProvisioningWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function startWorld(groups: number) {
  world = await startProvisioningWorld({ groups });
  return world;
}

async function publish(w: ProvisioningWorld) {
  await new CohortService(w.database.db).changeState(w.guildId, w.cohortId, "published", {
    userId: w.organiserId,
  });
  return reconcileNow(w);
}

describe("provisioning when Discord pushes back", () => {
  it("finishes under the discord rate-limit profile with a tenth of the writes failing (500), each thing once", async () => {
    const w = await startWorld(3);
    await w.control.setRateLimits("discord");
    // 34 writes in the plan; 4 of them fail once with a 500 (the REST client does not retry them:
    // the reconciler plans again and looks before it makes anything twice).
    for (const [route, count] of [
      ["POST /guilds/{guild_id}/roles", 1],
      ["POST /guilds/{guild_id}/channels", 1],
      ["PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}", 1],
      ["POST /channels/{channel_id}/messages", 1],
    ] as const)
      await w.control.addFault({ kind: "fail", route, status: 500, count });
    const before = await lastSeq(w.control);
    const outcome = await publish(w);
    expect(outcome.state).toBe("finished");
    const writes = await writesSince(w.control, before);
    expect(writes.filter((e) => e.fault).length).toBe(4);
    await expectExactlyOnce(w);
    const run = await new ProvisioningService(w.database.db).latestRun(w.guildId, w.cohortId);
    expect(run).toMatchObject({ state: "finished", failures: [] });
  }, 120_000);

  it("gives up after its passes when a write keeps failing: the run failed, with each step's reason", async () => {
    const w = await startWorld(2);
    // Every welcome post fails: one a group (two groups), on every pass.
    await w.control.addFault({
      kind: "fail",
      route: "POST /channels/{channel_id}/messages",
      status: 500,
      count: 1_000,
    });
    const run = await publish(w);
    expect(run.state).toBe("failed");
    // Each group's welcome post failed with Discord's answer, and its pin waited for it.
    expect(run.message).toBe("4 steps failed");
    const welcome = (id: string) => `welcome:${id}`;
    expect(run.failures).toEqual(
      expect.arrayContaining(
        w.groups.flatMap((g) => [
          { step: `post-welcome ${welcome(g.id)}`, reason: "Internal Server Error" },
          { step: `pin-welcome ${welcome(g.id)}`, reason: `waits for ${welcome(g.id)}, which failed` },
        ]),
      ),
    );
    expect(run.failures).toHaveLength(4);
  }, 120_000);

  it("adopts what an interrupted run made (its intent recorded, its id not) instead of making it again", async () => {
    const w = await startWorld(2);
    const service = new ProvisioningService(w.database.db);
    const group = w.groups[0]!;
    const name = `${COHORT_NAME} · ${group.name}`;
    // The run got as far as Discord making the role, and died before writing its id down.
    await service.intend(w.guildId, w.cohortId, "role", `role:${group.id}`, name);
    const made = await w.control.createRole(w.guildId, { name });
    const before = await lastSeq(w.control);
    expect((await publish(w)).state).toBe("finished");
    const roleCreates = (await writesSince(w.control, before)).filter(
      (e) => e.route?.endsWith("/roles") && e.method === "POST",
    );
    expect(roleCreates).toHaveLength(1);
    const snapshot = await service.snapshot(w.guildId, w.cohortId);
    expect(snapshot.groups.find((g) => g.id === group.id)?.discordRoleId).toBe(made.id);
    await expectExactlyOnce(w);
  }, 60_000);
});
