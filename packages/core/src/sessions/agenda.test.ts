import { describe, expect, it } from "vitest";
import {
  AgendaInputError,
  type AgendaItem,
  agendaFitsSession,
  agendaLimits,
  defaultAgenda,
  validateAgenda,
} from "./agenda.ts";
import type { InputProblem } from "./schedule.ts";

function problemsOf(run: () => unknown): InputProblem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AgendaInputError);
    return (error as AgendaInputError).problems;
  }
  throw new Error("expected an AgendaInputError, nothing was thrown");
}

function fields(problems: InputProblem[]): string[] {
  return problems.map((p) => p.field).sort();
}

function total(items: AgendaItem[]): number {
  return items.reduce((sum, item) => sum + item.minutes, 0);
}

// 19:00-22:00 in Singapore, written out by hand.
const evening = { startsAt: new Date("2019-09-03T11:00:00Z"), endsAt: new Date("2019-09-03T14:00:00Z") };

describe("defaultAgenda", () => {
  it("is the program's evening in order, filling three hours", () => {
    const agenda = defaultAgenda();
    expect(agenda.map((item) => item.kind)).toEqual(["dinner", "talk", "discussion", "share-back", "supper"]);
    expect(total(agenda)).toBe(180);
    expect(agenda.every((item) => item.minutes >= 10)).toBe(true);
    expect(agendaFitsSession(agenda, evening.startsAt, evening.endsAt)).toBe(true);
    expect(validateAgenda(agenda, evening)).toEqual(agenda);
  });

  it("scales to another length in whole minutes that add up exactly and stay valid", () => {
    for (const minutes of [
      agendaLimits.totalMinutes.min,
      90,
      120,
      150,
      155,
      239,
      agendaLimits.totalMinutes.max,
    ]) {
      const agenda = defaultAgenda(minutes);
      expect(total(agenda)).toBe(minutes);
      expect(agenda.every((item) => Number.isInteger(item.minutes))).toBe(true);
      expect(() => validateAgenda(agenda)).not.toThrow();
    }
    // Half the evening halves every item: 45/30/60/30/15 -> dinner 22.5 and supper 7.5 share a minute.
    const [dinner = 0, ...rest] = defaultAgenda(90).map((item) => item.minutes);
    expect(rest.slice(0, 3)).toEqual([15, 30, 15]);
    expect([22, 23]).toContain(dinner);
    expect(dinner + (rest[3] ?? 0)).toBe(30);
    // Doubling does the same exactly.
    expect(defaultAgenda(360).map((item) => item.minutes)).toEqual(
      defaultAgenda().map((item) => item.minutes * 2),
    );
  });

  it.each([0, 29, 721, 90.5, Number.NaN])("refuses a total of %s minutes", (minutes) => {
    expect(fields(problemsOf(() => defaultAgenda(minutes)))).toEqual(["totalMinutes"]);
  });
});

describe("validateAgenda", () => {
  const talk: AgendaItem = { kind: "talk", title: "Talk", minutes: 30 };

  it("returns a clean copy: titles trimmed, extra properties dropped", () => {
    const sent = [{ kind: "custom", title: "  Icebreaker  ", minutes: 10, colour: "red" }, talk];
    expect(validateAgenda(sent)).toEqual([{ kind: "custom", title: "Icebreaker", minutes: 10 }, talk]);
  });

  it("accepts the limits themselves", () => {
    const twenty = Array.from({ length: 20 }, () => ({ ...talk, minutes: 1 }));
    expect(validateAgenda(twenty)).toHaveLength(20);
    expect(validateAgenda([{ kind: "custom", title: "x".repeat(100), minutes: 240 }])).toHaveLength(1);
    // Characters, not UTF-16 units: 100 emoji are 100 characters.
    expect(validateAgenda([{ kind: "custom", title: "🍜".repeat(100), minutes: 1 }])).toHaveLength(1);
  });

  it.each([
    ["items", "not a list"],
    ["items", []],
    ["items", Array.from({ length: 21 }, () => ({ kind: "talk", title: "Talk", minutes: 1 }))],
    ["items[0]", [null]],
    ["items[0].kind", [{ kind: "lecture", title: "Talk", minutes: 30 }]],
    ["items[0].title", [{ kind: "talk", title: "   ", minutes: 30 }]],
    ["items[0].title", [{ kind: "talk", title: "x".repeat(101), minutes: 30 }]],
    ["items[0].title", [{ kind: "talk", minutes: 30 }]],
    ["items[0].minutes", [{ kind: "talk", title: "Talk", minutes: 0 }]],
    ["items[0].minutes", [{ kind: "talk", title: "Talk", minutes: 241 }]],
    ["items[0].minutes", [{ kind: "talk", title: "Talk", minutes: 12.5 }]],
    ["items[0].minutes", [{ kind: "talk", title: "Talk", minutes: "30" }]],
  ])("reports %s in %j", (field, items) => {
    expect(fields(problemsOf(() => validateAgenda(items)))).toEqual([field]);
  });

  it("reports every bad field at once, naming each item", () => {
    const problems = problemsOf(() =>
      validateAgenda([talk, { kind: "nap", title: "", minutes: -5 }, "dinner", { ...talk, minutes: 0 }]),
    );
    expect(fields(problems)).toEqual(
      ["items[1].kind", "items[1].minutes", "items[1].title", "items[2]", "items[3].minutes"].sort(),
    );
  });

  it("requires the items to fit the session's duration", () => {
    const tooLong = [...defaultAgenda(), { kind: "custom", title: "Karaoke", minutes: 1 }];
    expect(agendaFitsSession(tooLong as AgendaItem[], evening.startsAt, evening.endsAt)).toBe(false);
    const problems = problemsOf(() => validateAgenda(tooLong, evening));
    expect(fields(problems)).toEqual(["items"]);
    expect(problems[0]?.message).toContain("181");
    expect(problems[0]?.message).toContain("180");
    // A shorter agenda is fine: the evening may end early.
    expect(agendaFitsSession([talk], evening.startsAt, evening.endsAt)).toBe(true);
  });

  it("counts real elapsed minutes, so a session across the fall-back hour has one more", () => {
    // Europe/London, 27 October 2019: 00:30 BST (23:30Z) to 02:30 GMT (02:30Z) is three hours.
    const startsAt = new Date("2019-10-26T23:30:00Z");
    const endsAt = new Date("2019-10-27T02:30:00Z");
    expect(agendaFitsSession(defaultAgenda(180), startsAt, endsAt)).toBe(true);
    expect(agendaFitsSession(defaultAgenda(181), startsAt, endsAt)).toBe(false);
  });

  it("reports a session whose end is not after its start", () => {
    const backwards = { startsAt: evening.endsAt, endsAt: evening.startsAt };
    expect(fields(problemsOf(() => validateAgenda([talk], backwards)))).toEqual(["session"]);
  });
});
