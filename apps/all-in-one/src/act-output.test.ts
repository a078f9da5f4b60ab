import type { InteractionState } from "@circles/discord-sim/client";
import { describe, expect, it } from "vitest";
import { describeAnswer, lastAnswerOf, render } from "./act-output.ts";

const names = {
  users: new Map([["111111111111111111", "Mei Ling Tan"]]),
  channels: new Map([["222222222222222222", "group-01"]]),
  roles: new Map([["333333333333333333", "Organisers"]]),
};

const answer = (components: unknown[]): InteractionState => ({
  id: "9",
  type: 2,
  stage: "replied",
  responseType: 4,
  original: {
    id: "444444444444444444",
    channel_id: "222222222222222222",
    content: "Hi <@111111111111111111> in <#222222222222222222> for <@&333333333333333333>",
    embeds: [],
    components,
    ephemeral: true,
  } as unknown as InteractionState["original"],
  followups: [],
  modal: null,
});

describe("act's view of an answer", () => {
  it("shows mentions as names, as a Discord client does", () => {
    expect(render("<@111111111111111111> <#222222222222222222> <@&333333333333333333> <@999>", names)).toBe(
      "@Mei Ling Tan #group-01 @Organisers @999",
    );
  });

  it("numbers buttons and selects, with each option's label beside its value", () => {
    const state = answer([
      {
        type: 1,
        components: [{ type: 2, custom_id: "c1:ok", label: "Confirm" }],
      },
      {
        type: 1,
        components: [
          {
            type: 3,
            custom_id: "c1:pick",
            placeholder: "Area",
            options: [
              { label: "career", value: "career" },
              { label: "1. Confidentiality", value: "0" },
            ],
          },
        ],
      },
    ]);
    expect(describeAnswer(state, names).split("\n")).toEqual([
      "(only you can see this)",
      "Hi @Mei Ling Tan in #group-01 for @Organisers",
      "[1] button: Confirm   → press 1",
      "[2] select: Area   → choose 2 <values>: career, 0 (1. Confidentiality)",
    ]);
    expect(lastAnswerOf(state)).toEqual({
      message: { id: "444444444444444444", channelId: "222222222222222222" },
      components: [
        { customId: "c1:ok", kind: "button" },
        { customId: "c1:pick", kind: "select" },
      ],
      modalOf: null,
    });
  });
});
