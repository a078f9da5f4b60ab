import { afterAll, beforeAll } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { type Simulator, type SimulatorOptions, startSimulator } from "../src/server.ts";

export interface SimulatorForTests {
  sim: Simulator;
  control: ControlClient;
}

/**
 * A simulator for the enclosing file or describe block: started with `options` before its tests,
 * closed after them, with a control client. The object is filled in when it starts: use it inside
 * tests and hooks.
 */
export function simulatorForTests(options: SimulatorOptions): SimulatorForTests {
  const world = {} as SimulatorForTests;
  beforeAll(async () => {
    world.sim = await startSimulator(options);
    world.control = new ControlClient(world.sim.urls.control);
  });
  afterAll(async () => {
    await world.sim?.close();
  });
  return world;
}
