import "@circles/node-guard";
import { Agent, request } from "node:http";

// The load generator of `npm run bench:api`, in a process of its own so that its work does not sit
// in the measured server's event loop. Arguments: url, rate (requests/s), seconds; the cookie comes
// in BENCH_COOKIE. An open model, as browsers make: requests start on a fixed schedule whether or not
// earlier ones have answered (over up to 50 keep-alive connections), and each latency runs from its
// scheduled start to the answer's last byte, so a server that falls behind shows it. (autocannon's
// rate-limited mode measured 30 ms medians at 20 requests/s against a server answering one request
// after another in about 1 ms here; its figures were its own.)
// The first `warm-up` seconds run at the same rate unrecorded: they pay for the JIT, the database
// pool's connections and the plans' first runs, which a server in use has long paid.
// Prints one JSON line: requests, errors, latency percentiles in ms.

const [url, rate, seconds, warmUp = "0"] = process.argv.slice(2);
if (!url || !rate || !seconds) {
  console.error("usage: load-generator.ts <url> <requests per second> <seconds> [warm-up seconds]");
  process.exit(2);
}
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: 50 });
const headers = { cookie: process.env.BENCH_COOKIE ?? "" };
const unrecorded = Math.round(Number(rate) * Number(warmUp));
const total = unrecorded + Math.round(Number(rate) * Number(seconds));
const interval = 1000 / Number(rate);
const latencies: number[] = [];
let errors = 0;

const send = (scheduled: number, recorded: boolean) =>
  new Promise<void>((resolve) => {
    const req = request(target, { agent, headers }, (res) => {
      if (res.statusCode !== 200) errors += 1;
      res.resume();
      res.on("end", () => {
        if (recorded) latencies.push(performance.now() - scheduled);
        resolve();
      });
    });
    req.on("error", () => {
      errors += 1;
      resolve();
    });
    req.end();
  });

const start = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const scheduled = start + i * interval;
  const wait = scheduled - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  inFlight.push(send(scheduled, i >= unrecorded));
}
await Promise.all(inFlight);
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
console.log(
  JSON.stringify({
    requests: latencies.length,
    sent: total,
    errors,
    latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
  }),
);
