import { describe, expect, it } from "vitest";
import { parseCliArgs, USAGE } from "./cli-args.ts";

describe("parseCliArgs", () => {
  it("defaults to a free port and no state file", () => {
    expect(parseCliArgs([])).toEqual({ port: 0 });
  });
  it("reads --port N, --port=N and --state FILE", () => {
    expect(parseCliArgs(["--port", "4100", "--state", "/tmp/s.json"])).toEqual({
      port: 4100,
      stateFile: "/tmp/s.json",
    });
    expect(parseCliArgs(["--port=0"])).toEqual({ port: 0 });
  });
  it("refuses bad values and unknown flags with a clear message", () => {
    expect(() => parseCliArgs(["--port", "abc"])).toThrow(
      '--port must be a whole number from 0 to 65535, got "abc"',
    );
    expect(() => parseCliArgs(["--port", "70000"])).toThrow(/0 to 65535/);
    expect(() => parseCliArgs(["--port"])).toThrow("--port needs a value");
    expect(() => parseCliArgs(["--state"])).toThrow("--state needs a value");
    expect(() => parseCliArgs(["--verbose"])).toThrow('unknown argument "--verbose"');
    expect(() => parseCliArgs(["--help"])).toThrow(USAGE);
  });
});
