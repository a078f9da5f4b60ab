import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

// A burst of interactions while the gateway asks the bot to reconnect (op 7, resumed with the missed
// dispatches replayed) or invalidates its session (op 9): every interaction is answered, and once.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

async function burst(count: number, disturbAfter: number, disturb: () => unknown) {
  const people = [...h.demo.mentees, ...h.demo.mentors];
  const ids: string[] = [];
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    if (i === disturbAfter) await disturb();
    sends.push(
      h.control
        .runCommand({
          guildId: h.demo.guildId,
          channelId: h.demo.channels.general!,
          userId: people[i % people.length]!,
          name: "status",
        })
        .then(({ interactionId }) => {
          ids.push(interactionId);
        }),
    );
    if (i % 10 === 9) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
  const states = await Promise.all(
    ids.map((id) => h.control.waitForInteraction(id, (s) => s.stage === "replied", 20_000)),
  );
  return { ids, states };
}

async function callbacksPerInteraction(ids: string[]) {
  const log = await h.control.requestLog({ path: "/interactions/", limit: 10_000 });
  return ids.map(
    (id) => log.filter((e) => e.method === "POST" && e.path.includes(`/interactions/${id}/`)).length,
  );
}

describe("interactions during gateway trouble", () => {
  it("op 7 (reconnect and resume) in the middle of 60 interactions: each answered once", async () => {
    const { ids, states } = await burst(60, 20, () => h.sim.gateway.reconnect());
    expect(states.every((s) => s.stage === "replied")).toBe(true);
    expect(await callbacksPerInteraction(ids)).toEqual(ids.map(() => 1));
  });

  it("op 9 resumable in the middle of 60 interactions: resumed on the same socket, each answered once", async () => {
    const { ids, states } = await burst(60, 20, () => h.sim.gateway.invalidateSession(true));
    expect(states.every((s) => s.stage === "replied")).toBe(true);
    expect(await callbacksPerInteraction(ids)).toEqual(ids.map(() => 1));
  });

  it("op 9 not resumable: what was delivered before is answered once, and so is all after the new session", async () => {
    // Discord delivers an interaction only to a connected session: while the bot identifies afresh
    // there is none, so the burst pauses until the new session is up (as members would see it).
    const before = new Set((await h.control.gatewaySessions()).map((s) => s.id));
    const { ids, states } = await burst(60, 20, async () => {
      h.sim.gateway.invalidateSession(false);
      const deadline = Date.now() + 20_000;
      while (!(await h.control.gatewaySessions()).some((s) => s.connected && !before.has(s.id))) {
        if (Date.now() > deadline) throw new Error("no new gateway session");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // READY and the guild's GUILD_CREATE follow IDENTIFY; interactions before them would be dropped.
      while (!h.bot.client.isReady() || h.bot.client.ws.ping === -1)
        await new Promise((r) => setTimeout(r, 50));
    });
    expect(states.every((s) => s.stage === "replied")).toBe(true);
    expect(await callbacksPerInteraction(ids)).toEqual(ids.map(() => 1));
  });
});
