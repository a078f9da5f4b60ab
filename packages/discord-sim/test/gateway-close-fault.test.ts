import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { simulatorForTests } from "./simulator-fixture.ts";

const demo = simulatorForTests({ seed: "demo" });

/** A raw gateway client: identifies as shard 0 of 1 and resolves once READY arrives. */
function connectReady(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${demo.sim.urls.gateway}/?v=10&encoding=json`);
    ws.on("error", reject);
    ws.on("message", (raw) => {
      const p = JSON.parse(raw.toString()) as { op: number; t: string | null };
      if (p.op === 10) {
        ws.send(
          JSON.stringify({
            op: 2,
            d: {
              token: demo.sim.botToken,
              intents: 1,
              shard: [0, 1],
              properties: { os: "linux", browser: "t", device: "t" },
            },
          }),
        );
      }
      if (p.op === 0 && p.t === "READY") resolve(ws);
    });
  });
}

describe("gateway close fault", () => {
  it("closes shard 0's connection with the requested code", async () => {
    const ws = await connectReady();
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    await expect(demo.control.closeGatewayShard(0, 4000, "test")).resolves.toEqual({ closed: 1 });
    expect(await closed).toBe(4000);
  });

  it("says so when the shard has no connection, and checks the code", async () => {
    await expect(demo.control.closeGatewayShard(3, 4000)).rejects.toThrow(
      /400.*shard 3 has no open gateway connection/,
    );
    await expect(demo.control.closeGatewayShard(0, 99)).rejects.toThrow(
      /code must be an integer from 1000 to 4999/,
    );
  });
});
