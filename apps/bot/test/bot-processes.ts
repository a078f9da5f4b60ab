import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ProvisioningWorld } from "./provisioning-world.ts";

// Separate bot processes need a database they can share: PostgreSQL (the local server unless
// TEST_DATABASE_URL names another). Importing this module sets that default for the test file.
process.env.TEST_DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/postgres";

const FIXTURE = fileURLToPath(new URL("./fixtures/bot-process.ts", import.meta.url));

/** The bot processes a test starts; `killAll()` after each test. */
export class BotProcesses {
  private readonly children: ChildProcess[] = [];

  /** Starts the bot as its own process on the world's database and simulator; resolves once it is ready. */
  async spawn(w: ProvisioningWorld): Promise<ChildProcess> {
    const target = w.database.target;
    if (target.kind !== "postgres") throw new Error("needs PostgreSQL");
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: {
        ...process.env,
        DATABASE_URL: target.url,
        DISCORD_TOKEN: w.sim.botToken,
        DISCORD_APPLICATION_ID: w.sim.applicationId,
        DISCORD_API_URL: w.sim.urls.api,
        LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? "silent",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      });
      child.once("exit", (code) =>
        reject(new Error(`the bot process exited with ${code} before it was ready`)),
      );
    });
    return child;
  }

  killAll(): void {
    for (const child of this.children.splice(0)) child.kill("SIGKILL");
  }
}

/** Polls `probe` until it gives a value, or fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until `expected` deliveries of the world's guild whose key starts with one of `keyPrefixes`
 * are recorded and none is still claimed, and returns their states. A delivery is recorded only
 * after its message went out and is never sent again once recorded, so from then on the messages
 * counted are final: no pause "for a late duplicate" is needed.
 */
export async function untilDeliveriesSettled(w: ProvisioningWorld, keyPrefixes: string[], expected: number) {
  return until(`${expected} deliveries of ${keyPrefixes.join(", ")} recorded`, 120_000, async () => {
    const rows = await w.database.db
      .selectFrom("deliveries")
      .select("state")
      .where("guild_id", "=", w.guildId)
      .where((eb) => eb.or(keyPrefixes.map((prefix) => eb("key", "like", `${prefix}%`))))
      .execute();
    return rows.length >= expected && rows.every((row) => row.state !== "claimed")
      ? rows.map((row) => row.state)
      : undefined;
  });
}
