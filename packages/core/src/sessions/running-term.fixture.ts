import type { Database } from "../db/database.ts";
import { ProvisioningRepository } from "../provisioning/provisioning.repository.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { SessionService } from "./session.service.ts";

// Test data for `/session` and voice attendance: a term world (6 sessions, Tuesdays 19:00–21:30 from
// 3 September 2030, every 3 weeks, in the cohort's time zone) whose groups have the text and voice
// channels provisioning gives them.

export type RunningTerm = Awaited<ReturnType<typeof createRunningTerm>>;

export async function createRunningTerm(db: Database, options: Parameters<typeof createTermWorld>[1] = {}) {
  const world = await createTermWorld(db, options);
  const provisioning = new ProvisioningRepository(db);
  const channels: Array<{ text: string; voice: string }> = [];
  for (const group of world.groups) {
    const made = { text: testSnowflake(), voice: testSnowflake() };
    await provisioning.made(world.guildId, world.cohortId, "text", `text:${group.id}`, made.text);
    await provisioning.made(world.guildId, world.cohortId, "voice", `voice:${group.id}`, made.voice);
    channels.push(made);
  }
  const sessions = await new SessionService(db).list(world.guildId, world.cohortId);
  return {
    ...world,
    channels,
    sessions,
    /** Where `/session` runs for the group: its own text channel. */
    place: (group = 0) => ({ guildId: world.guildId, channelId: channels[group]!.text }),
    /** The group's first mentor, who runs its evenings. */
    mentor: (group = 0) => ({ userId: world.groups[group]!.mentors[0]!, isOrganiser: false }),
  };
}
