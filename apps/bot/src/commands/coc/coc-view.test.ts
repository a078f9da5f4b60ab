import { CODE_OF_CONDUCT_AREAS, CODE_OF_CONDUCT_LIMITS } from "@circles/core";
import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS } from "../../messaging/discord-limits.ts";
import { cocView, type Handbook } from "./coc-view.ts";

// Every view of a code of conduct at its longest (title 200, summaries 200, handbook texts 4000)
// must fit Discord's limits, or Discord refuses the whole message (50035).

const longest = {
  id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  version: 999,
  title: "T".repeat(200),
  sections: CODE_OF_CONDUCT_AREAS.map((area) => ({
    area,
    summary: "s".repeat(CODE_OF_CONDUCT_LIMITS.summary),
    mentorText: "m".repeat(CODE_OF_CONDUCT_LIMITS.text),
    menteeText: "e".repeat(CODE_OF_CONDUCT_LIMITS.text),
  })),
};

function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

const views = (["mentor", "mentee"] as Handbook[]).flatMap((handbook) =>
  [null, ...longest.sections.map((_, i) => i)].flatMap((area) =>
    [true, false].map((accepted) => ({ handbook, area, accepted })),
  ),
);

describe("the code of conduct's views", () => {
  it.each(views)("fit Discord's limits at the longest texts: %o", ({ handbook, area, accepted }) => {
    const view = cocView({ version: longest, handbook, area, accepted, notice: "N".repeat(300) });
    expect(view.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(view.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
    const embeds = view.embeds.map((e) => e.toJSON());
    for (const embed of embeds) {
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    }
    expect(embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    const rows = view.components.map((r) => r.toJSON());
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const component of rows.flatMap((r) => r.components)) {
      if ("custom_id" in component) expect(component.custom_id.length).toBeLessThanOrEqual(100);
      if ("options" in component)
        for (const option of component.options) {
          expect(option.label.length).toBeLessThanOrEqual(100);
          expect(option.description?.length ?? 0).toBeLessThanOrEqual(100);
        }
    }
  });

  it("shows the chosen handbook's text for an area, and the eleven summaries in the overview", () => {
    const version = {
      ...longest,
      sections: longest.sections.map((s, i) => ({
        ...s,
        summary: `summary ${i}`,
        mentorText: `for mentors ${i}`,
        menteeText: `for mentees ${i}`,
      })),
    };
    const mentor = cocView({ version, handbook: "mentor", area: 3, accepted: false }).embeds[0]!.toJSON();
    expect(mentor.description).toBe("for mentors 3");
    expect(mentor.title).toBe("4. Topics for discussion");
    const mentee = cocView({ version, handbook: "mentee", area: 3, accepted: false }).embeds[0]!.toJSON();
    expect(mentee.description).toBe("for mentees 3");
    const overview = cocView({
      version,
      handbook: "mentee",
      area: null,
      accepted: false,
    }).embeds[0]!.toJSON();
    expect(overview.description?.split("\n")).toHaveLength(11);
    expect(overview.description).toContain("**11. Duty to report code violations**: summary 10");
  });

  it("offers Accept only until accepted", () => {
    const ids = (accepted: boolean) =>
      cocView({ version: longest, handbook: "mentee", area: null, accepted })
        .components.flatMap((r) => r.toJSON().components)
        .map((c) => ("custom_id" in c ? c.custom_id : ""));
    expect(ids(false)).toContain(`c1:coc-accept:${longest.id}:mentee`);
    expect(ids(true).some((id) => id.startsWith("c1:coc-accept"))).toBe(false);
  });
});
