import { describe, expect, it } from "vitest";
import { counted } from "./words.ts";

describe("a count in words", () => {
  it("agrees with its number", () => {
    expect(counted(1, "role")).toBe("1 role");
    expect(counted(0, "role")).toBe("0 roles");
    expect(counted(2, "role")).toBe("2 roles");
    expect(counted(1, "category", "categories")).toBe("1 category");
    expect(counted(3, "category", "categories")).toBe("3 categories");
  });
});
