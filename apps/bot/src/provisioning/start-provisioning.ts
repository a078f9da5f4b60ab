import type { DatabaseHandle, JobQueue } from "@circles/core";
import { type Client, REST } from "discord.js";
import type { DiscordEndpoint } from "../config.ts";
import { watchProvisioningDrift } from "../events/provisioning-drift.ts";
import type { Logger } from "../logger.ts";
import { startProvisioningWorker } from "./job.ts";
import type { ReconcilerDeps } from "./reconcile.ts";

const reconcilers = new WeakMap<Client, ReconcilerDeps>();

/** Starts the provisioning worker and the drift watch of a logged-in client. */
export async function startProvisioning(
  client: Client<true>,
  options: {
    database: DatabaseHandle;
    jobs: JobQueue;
    discord: DiscordEndpoint;
    log: Logger;
    pinWelcome: boolean;
  },
): Promise<ReconcilerDeps> {
  const deps: ReconcilerDeps = {
    db: options.database.db,
    // Its own client with retries off: discord.js would resend a create that failed with a 5xx, which
    // may have made the thing; the reconciler looks for it first (next pass) instead.
    rest: new REST({ api: options.discord.apiUrl, retries: 0 }).setToken(options.discord.token),
    log: options.log,
    botUserId: client.user.id,
    pinWelcome: options.pinWelcome,
  };
  reconcilers.set(client, deps);
  await startProvisioningWorker(options.jobs, deps, options.log);
  watchProvisioningDrift(client, deps, options.log);
  return deps;
}

/** The reconciler of the bot a command runs in. */
export function reconcilerOf(client: Client): ReconcilerDeps {
  const deps = reconcilers.get(client);
  if (!deps) throw new Error("provisioning has not started in this bot");
  return deps;
}
