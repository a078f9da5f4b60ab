import { describe, expect, it } from "vitest";
import { parseActArgs, resolveMentions, USAGE } from "./act-args.ts";

describe("npm run act's arguments", () => {
  it("reads a command with a subcommand, options and a channel", () => {
    expect(
      parseActArgs([
        "Mei Ling Tan",
        "/cohort",
        "create",
        "name=2030 spring",
        "sessions=6",
        "in=#announcements",
      ]),
    ).toEqual({
      who: "Mei Ling Tan",
      kind: "command",
      name: "cohort",
      subcommand: "create",
      options: { name: "2030 spring", sessions: "6" },
      channel: "announcements",
    });
  });

  it("keeps booleans as booleans and everything else as text, in #general by default", () => {
    expect(parseActArgs(["x", "/apply", "role=mentee", "all=true"])).toMatchObject({
      options: { role: "mentee", all: true },
      channel: "general",
    });
  });

  it("reads press, choose and fill", () => {
    expect(parseActArgs(["x", "press", "2"])).toEqual({ who: "x", kind: "press", index: 2 });
    expect(parseActArgs(["x", "dms"])).toEqual({ who: "x", kind: "dms", count: 5 });
    expect(parseActArgs(["x", "dms", "2"])).toEqual({ who: "x", kind: "dms", count: 2 });
    expect(() => parseActArgs(["x", "dms", "0"])).toThrow('"0" is not a count');
    expect(parseActArgs(["x", "choose", "1", "career, growth"])).toEqual({
      who: "x",
      kind: "choose",
      index: 1,
      values: ["career", "growth"],
    });
    expect(parseActArgs(["x", "fill", "goals=grow=fast"])).toEqual({
      who: "x",
      kind: "fill",
      values: { goals: "grow=fast" },
    });
  });

  it("names what is wrong", () => {
    expect(() => parseActArgs(["x"])).toThrow(USAGE);
    expect(() => parseActArgs(["x", "jump"])).toThrow(USAGE);
    expect(() => parseActArgs(["x", "press", "0"])).toThrow('"0" is not a component number');
    expect(() => parseActArgs(["x", "choose", "1"])).toThrow("choose needs the values");
    expect(() => parseActArgs(["x", "/cohort", "open", "close"])).toThrow("one subcommand at most");
    expect(() => parseActArgs(["x", "fill", "=a"])).toThrow('"=a" is not name=value');
  });
});

describe("option values written as mentions", () => {
  const lookup = {
    member: async (name: string) => `member ${name}`,
    channel: async (name: string) => `channel ${name}`,
    role: async (name: string) => `role ${name}`,
  };

  it("become the ids of the member, channel or role they name; other values stay as typed", async () => {
    const options = parseActArgs([
      "x",
      "/checkin",
      "buddy=@Farah Aziz",
      "where=#general",
      "to=@&Mentors",
      "note=hi @all",
      "ok=true",
    ]);
    expect(options.kind === "command" && (await resolveMentions(options.options, lookup))).toEqual({
      buddy: "member Farah Aziz",
      where: "channel general",
      to: "role Mentors",
      note: "hi @all",
      ok: true,
    });
  });

  it("lets an unknown name's error through", async () => {
    const failing = {
      ...lookup,
      member: async (name: string) => Promise.reject(new Error(`no member "${name}"`)),
    };
    await expect(resolveMentions({ buddy: "@Nobody" }, failing)).rejects.toThrow('no member "Nobody"');
  });
});
