import { Writable } from "node:stream";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

// What a member reads when something breaks, and what organisers find in the logs.
describe("failures", () => {
  let h: Harness;
  const lines: Record<string, unknown>[] = [];
  const capture = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });

  beforeAll(async () => {
    h = await startHarness({ log: pino({ level: "info" }, capture) });
  });
  afterAll(() => h?.close());

  it("answers an unexpected failure privately with a reference that the log holds, and no stack trace", async () => {
    await sql`alter table cohorts rename to cohorts_away`.execute(h.database.db);
    try {
      const answer = await h.command(h.demo.mentees[0]!, "status");
      const text = answer.original?.content ?? "";
      expect(answer.original?.ephemeral).toBe(true);
      const reference = text.match(/reference `([0-9A-F]{8})`/)?.[1];
      expect(text).toMatch(/^Something went wrong on our side\./);
      expect(text).not.toMatch(/cohorts_away|relation|\n\s+at /);
      const logged = lines.find((l) => l.ref === reference);
      expect(logged).toMatchObject({ msg: "interaction failed", level: 50 });
      expect(JSON.stringify(logged)).toContain("cohorts");
    } finally {
      await sql`alter table cohorts_away rename to cohorts`.execute(h.database.db);
    }
  });

  it("answers a button from an older release of Circles instead of misreading it", async () => {
    const general = h.demo.channels.general!;
    const botUser = h.sim.state.applications.get(h.sim.applicationId)!.bot_user_id;
    const message = h.sim.state.createMessage(general, {
      author_id: botUser,
      content: "An old message",
      components: [
        { type: 1, components: [{ type: 2, style: 1, label: "Old", custom_id: "c0:apply:start" }] },
      ],
    });
    const answer = await h.press(h.demo.mentees[1]!, message, "c0:apply:start");
    expect(answer.original?.content).toBe(
      "This button belongs to an older message; please run the command again.",
    );
    expect(answer.original?.ephemeral).toBe(true);
  });

  it("answers a button whose handler no longer exists", async () => {
    const general = h.demo.channels.general!;
    const botUser = h.sim.state.applications.get(h.sim.applicationId)!.bot_user_id;
    const message = h.sim.state.createMessage(general, {
      author_id: botUser,
      content: "A retired button",
      components: [{ type: 1, components: [{ type: 2, style: 1, label: "Gone", custom_id: "c1:retired" }] }],
    });
    const answer = await h.press(h.demo.mentees[1]!, message, "c1:retired");
    expect(answer.original?.content).toBe("This button no longer works; please run the command again.");
  });
});
