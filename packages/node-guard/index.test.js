import { describe, expect, it } from "vitest";
import { assertSupportedNode } from "./index.js";

describe("the Node version guard", () => {
  it("refuses Node 20 and names the fix", () => {
    expect(() => assertSupportedNode("20.20.2", "/usr/bin/node")).toThrow(
      /needs Node 24 .* Node 20\.20\.2 \(\/usr\/bin\/node\).*npm rebuild node/,
    );
  });
  it("accepts Node 24 and later", () => {
    expect(() => assertSupportedNode("24.21.0")).not.toThrow();
    expect(() => assertSupportedNode("26.0.0")).not.toThrow();
  });
  it("refuses a version it cannot read", () => {
    expect(() => assertSupportedNode("v-next")).toThrow(/needs Node 24/);
  });
});
