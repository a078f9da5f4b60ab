import "@circles/node-guard";
import autocannon from "autocannon";

// The load generator of `npm run bench:api`, in a process of its own so that its work does not sit
// in the measured server's event loop. Arguments: url, rate (requests/s), seconds; the cookie comes
// in BENCH_COOKIE. Prints autocannon's figures as one JSON line.

const [url, rate, seconds] = process.argv.slice(2);
if (!url || !rate || !seconds) {
  console.error("usage: load-generator.ts <url> <requests per second> <seconds>");
  process.exit(2);
}
const result = await autocannon({
  url,
  connections: 20,
  overallRate: Number(rate),
  duration: Number(seconds),
  headers: { cookie: process.env.BENCH_COOKIE ?? "" },
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    latency: result.latency,
    errors: result.errors + result.timeouts + result.non2xx,
  }),
);
