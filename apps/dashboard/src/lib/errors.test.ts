import { describe, expect, it } from "vitest";
import { ApiError } from "./api.ts";
import { messageOf } from "./errors.ts";

const problems = [
  { field: "agenda.1.minutes", message: "must be at least 1" },
  { field: "date", message: "is required" },
];

describe("the message of a failed action", () => {
  it("names each field as the form labels it when it is given the labels", () => {
    const error = new ApiError(
      400,
      "Please correct: agenda.1.minutes: must be at least 1; date: is required.",
      problems,
    );
    const label = (field: string) => (field === "date" ? "Date" : "Part 2 minutes");
    expect(messageOf(error, label)).toBe(
      "Please correct: Part 2 minutes: must be at least 1; Date: is required.",
    );
  });

  it("shows the API's message once when it already names the fields, and adds them when it does not", () => {
    const named = new ApiError(
      400,
      "Please correct: agenda.1.minutes: must be at least 1; date: is required.",
      problems,
    );
    expect(messageOf(named)).toBe(named.message);
    const unnamed = new ApiError(400, "Some fields are wrong.", problems);
    expect(messageOf(unnamed)).toBe(
      "Some fields are wrong. (agenda.1.minutes: must be at least 1; date: is required)",
    );
    expect(messageOf(new ApiError(409, "Someone else changed it.", []), () => "x")).toBe(
      "Someone else changed it.",
    );
    expect(messageOf(new Error("offline"))).toBe("offline");
  });
});
