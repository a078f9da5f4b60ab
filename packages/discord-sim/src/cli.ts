import "@circles/node-guard";
import { parseCliArgs, USAGE } from "./cli-args.ts";
import { startSimulator } from "./server.ts";
import { startupInfo } from "./startup-info.ts";

let options: ReturnType<typeof parseCliArgs>;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (error) {
  const message = (error as Error).message;
  process.stderr.write(message === USAGE ? `${USAGE}\n` : `discord-sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const sim = await startSimulator({
  port: options.port,
  seed: "demo",
  ...(options.stateFile ? { stateFile: options.stateFile } : {}),
}).catch((error: unknown) => {
  process.stderr.write(`discord-sim: could not start: ${(error as Error).message}\n`);
  process.exit(1);
});

process.stdout.write(`${JSON.stringify(startupInfo(sim))}\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  sim
    .close()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      process.stderr.write(`discord-sim: error while stopping on ${signal}: ${(error as Error).message}\n`);
      process.exit(1);
    });
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
