/**
 * Simulator benchmark: start-up time, REST requests/s, gateway dispatches/s. Prints figures, asserts
 * nothing. Targets (issue 4): start-up < 1 s, ≥ 2,000 REST req/s, ≥ 10,000 dispatches/s, rate
 * limits off. Everything binds 127.0.0.1; every phase is bounded in count and time.
 *
 *   npm run bench:sim            (from the repository root)
 */
import "@circles/node-guard";
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { startSimulator } from "../src/server.ts";

const REST_REQUESTS = 20_000;
const REST_CONCURRENCY = 8;
const REST_MAX_MS = 15_000;
const DISPATCHES = 50_000;
const DISPATCH_MAX_MS = 15_000;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** startSimulator with the demo community, in process: first (cold) and the median of the next runs. */
async function startupInProcess() {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const sim = await startSimulator({ seed: "demo" });
    times.push(performance.now() - t0);
    await sim.close();
  }
  return { cold: times[0] ?? Number.NaN, warm: median(times.slice(1)) };
}

interface CliInfo {
  api: string;
  gateway: string;
  botToken: string;
  guildId: string;
  control: string;
}

/** The CLI as a user starts it (`npm run sim`), from spawn to its JSON line. */
function startCli(): Promise<{ info: CliInfo; ms: number; stop: () => void }> {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", cli, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`simulator exited early with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf("\n");
      if (nl === -1) return;
      child.removeAllListeners("exit");
      resolve({
        info: JSON.parse(out.slice(0, nl)) as CliInfo,
        ms: performance.now() - t0,
        stop: () => child.kill("SIGTERM"),
      });
    });
  });
}

/** Keep-alive clients alternately creating and reading messages in one channel of the simulator process. */
async function restThroughput(info: CliInfo) {
  const api = new URL(info.api);
  const agent = new Agent({ keepAlive: true, maxSockets: REST_CONCURRENCY });
  const headers = { authorization: `Bot ${info.botToken}`, "content-type": "application/json" };
  const call = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: api.hostname, port: api.port, method, path: `/api/v10${path}`, agent, headers },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            text += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  const channels = JSON.parse((await call("GET", `/guilds/${info.guildId}/channels`)).text) as {
    id: string;
    name: string;
  }[];
  const channel = channels.find((c) => c.name === "general")?.id;
  if (!channel) throw new Error("the demo community has no #general");

  let sent = 0;
  let failed = 0;
  const deadline = performance.now() + REST_MAX_MS;
  const t0 = performance.now();
  const worker = async (w: number) => {
    let lastId: string | null = null;
    while (sent < REST_REQUESTS && performance.now() < deadline) {
      sent++;
      const res: { status: number; text: string } = lastId
        ? await call("GET", `/channels/${channel}/messages/${lastId}`)
        : await call(
            "POST",
            `/channels/${channel}/messages`,
            JSON.stringify({ content: `bench ${w} ${sent}` }),
          );
      if (res.status !== 200) failed++;
      lastId = lastId ? null : (JSON.parse(res.text) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: REST_CONCURRENCY }, (_, w) => worker(w)));
  const elapsed = performance.now() - t0;
  agent.destroy();
  return { requests: sent, failed, elapsed, perSecond: (sent / elapsed) * 1000 };
}

/** Role updates in a tight loop (each one GUILD_ROLE_UPDATE) to one identified raw ws client. */
async function dispatchThroughput() {
  const sim = await startSimulator({ seed: "demo" });
  try {
    const ws = new WebSocket(`${sim.urls.gateway}/?v=10&encoding=json`);
    let received = 0;
    let onDone: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      onDone = resolve;
    });
    const ready = new Promise<void>((resolve, reject) => {
      ws.on("error", reject);
      ws.on("message", (raw) => {
        const p = JSON.parse(raw.toString()) as { op: number; t: string | null };
        if (p.op === 10) {
          const properties = { os: "linux", browser: "bench", device: "bench" };
          ws.send(
            JSON.stringify({ op: 2, d: { token: sim.botToken, intents: 1, shard: [0, 1], properties } }),
          );
        } else if (p.t === "GUILD_CREATE") resolve();
        else if (p.t === "GUILD_ROLE_UPDATE" && ++received >= DISPATCHES) onDone();
      });
    });
    await ready;
    const role = sim.state.rolesOf(sim.guildId).find((r) => r.name === "Mentees");
    if (!role) throw new Error("the demo community has no Mentees role");
    const t0 = performance.now();
    const deadline = t0 + DISPATCH_MAX_MS;
    // Emit in slices so that the socket gets to flush between them.
    for (let i = 0; i < DISPATCHES && performance.now() < deadline; i += 1000) {
      for (let j = i; j < Math.min(i + 1000, DISPATCHES); j++)
        sim.state.updateRole(sim.guildId, role.id, { name: `Mentees ${j}` });
      await new Promise((r) => setImmediate(r));
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, Math.max(0, deadline - performance.now())))]);
    const elapsed = performance.now() - t0;
    ws.close();
    return { dispatches: received, elapsed, perSecond: (received / elapsed) * 1000 };
  } finally {
    await sim.close();
  }
}

const inProcess = await startupInProcess();
console.log(
  `start-up, startSimulator with the demo community: cold ${ms(inProcess.cold)}, warm median ${ms(inProcess.warm)} (target < 1000 ms)`,
);

const cli = await startCli();
console.log(`start-up, CLI process from spawn to its JSON line (tsx included): ${ms(cli.ms)}`);
try {
  const rest = await restThroughput(cli.info);
  console.log(
    `REST: ${rest.requests} requests (create/read messages, ${REST_CONCURRENCY} keep-alive clients, rate limits off) in ${ms(rest.elapsed)}: ${Math.round(rest.perSecond)} req/s, ${rest.failed} failed (target ≥ 2000 req/s)`,
  );
} finally {
  cli.stop();
}

const gw = await dispatchThroughput();
console.log(
  `gateway: ${gw.dispatches} GUILD_ROLE_UPDATE dispatches to one raw ws client in ${ms(gw.elapsed)}: ${Math.round(gw.perSecond)} dispatches/s (target ≥ 10000/s)`,
);
