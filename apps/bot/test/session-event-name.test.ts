import { describe, expect, it } from "vitest";
import { sessionEventName } from "../src/announcements/session-event.ts";

// Provisioning creates a session's Discord event and the term's sync renames it: both take this name.
describe("a session's scheduled event name", () => {
  it("is the session's title, cut at Discord's 100 characters with a mark", () => {
    expect(sessionEventName("Term 1", { number: 2, theme: "Careers" })).toBe("Term 1 · Session 2: Careers");
    expect(sessionEventName("Term 1", { number: 3, theme: null })).toBe("Term 1 · Session 3");
    const long = sessionEventName("Term 1", { number: 4, theme: "x".repeat(200) });
    expect(long).toHaveLength(100);
    expect(long).toBe(`Term 1 · Session 4: ${"x".repeat(79)}…`);
  });
});
