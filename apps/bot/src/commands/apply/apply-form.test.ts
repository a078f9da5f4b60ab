import { APPLICATION_LIMITS, parseApplicationDetails } from "@circles/core";
import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS } from "../../messaging/discord-limits.ts";
import { answersFromModal, applicationForm, applicationModal, applicationSummary } from "./apply-form.ts";

const longestAnswers = {
  gender: "female",
  singleGenderGroup: true,
  areas: ["career", "growth", "technical"],
  interests: Array.from({ length: APPLICATION_LIMITS.interests }, (_, i) =>
    `${i}`.padStart(APPLICATION_LIMITS.interestLength, "i"),
  ),
  experience: "junior",
  employer: "E".repeat(APPLICATION_LIMITS.employer),
  goals: "G".repeat(APPLICATION_LIMITS.goals),
};

const total = (e: APIEmbed) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);

describe("the application form", () => {
  it("gives each modal input the application's own maximum, so Discord stops what the service would refuse", () => {
    const inputs = applicationModal({})
      .toJSON()
      .components.map((row) => ("components" in row ? row.components[0] : undefined))
      .map((c) => (c && "custom_id" in c ? [c.custom_id, (c as { max_length?: number }).max_length] : []));
    expect(Object.fromEntries(inputs)).toEqual({
      interests: APPLICATION_LIMITS.interests * (APPLICATION_LIMITS.interestLength + 2),
      employer: APPLICATION_LIMITS.employer,
      goals: APPLICATION_LIMITS.goals,
    });
  });

  it("turns the modal's comma-separated interests into a list, and empty fields into none", () => {
    expect(answersFromModal({ interests: " frontend, ,career switch,", employer: "  ", goals: "" })).toEqual({
      interests: ["frontend", "career switch"],
      employer: null,
      goals: null,
    });
    // The longest interests text the modal allows still parses into the longest list.
    const text = longestAnswers.interests.join(", ");
    expect(text.length).toBeLessThanOrEqual(
      APPLICATION_LIMITS.interests * (APPLICATION_LIMITS.interestLength + 2),
    );
    expect(answersFromModal({ interests: text, employer: "", goals: "" }).interests).toEqual(
      longestAnswers.interests,
    );
  });

  it("fits Discord's limits with the longest answers: the form and the summary", () => {
    for (const role of ["mentee", "mentor"] as const) {
      const form = applicationForm({
        cohortName: "C".repeat(100),
        role,
        answers: longestAnswers,
        changing: new Date(),
      });
      expect(form.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
      expect(form.content).not.toMatch(/…$/); // nothing cut off
      expect(form.components.length).toBeLessThanOrEqual(5);
      const details = parseApplicationDetails({ ...longestAnswers, role });
      const embed = applicationSummary("C".repeat(100), details, false).embeds[0]!.toJSON();
      expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
      for (const field of embed.fields ?? [])
        expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldValue);
      expect(total(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    }
  });

  it("asks mentees only about an all-women or all-men group", () => {
    const ids = (role: "mentee" | "mentor") =>
      applicationForm({ cohortName: "C", role, answers: {}, changing: null })
        .components.flatMap((r) => r.toJSON().components)
        .map((c) => ("custom_id" in c ? c.custom_id : ""));
    expect(ids("mentee")).toContain("c1:apply-group");
    expect(ids("mentor")).not.toContain("c1:apply-group");
  });
});
