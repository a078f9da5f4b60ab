import { describe, expect, it } from "vitest";
import { programSchedule } from "../testing/fixtures.ts";
import {
  type InputProblem,
  layOutSessions,
  moveSession,
  type ScheduleInput,
  ScheduleInputError,
} from "./schedule.ts";

/** A UTC instant written out by hand, independent of the code under test. */
function utc(year: number, month: number, day: number, hour: number, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute));
}

function problemsOf(run: () => unknown): InputProblem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleInputError);
    return (error as ScheduleInputError).problems;
  }
  throw new Error("expected a ScheduleInputError, nothing was thrown");
}

function fields(problems: InputProblem[]): string[] {
  return problems.map((p) => p.field).sort();
}

// The program's own schedule: 6 sessions, every 3 weeks on Tuesday, from 3 September 2019.
const program: ScheduleInput = { ...programSchedule, timeZone: "Asia/Singapore" };

describe("layOutSessions", () => {
  it("lays out the program's own schedule exactly, in Singapore (UTC+8, no DST)", () => {
    const sessions = layOutSessions(program);
    const dates: [number, number][] = [
      [9, 3],
      [9, 24],
      [10, 15],
      [11, 5],
      [11, 26],
      [12, 17],
    ];
    expect(sessions).toEqual(
      dates.map(([month, day], i) => ({
        number: i + 1,
        localDate: `2019-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
        startsAt: utc(2019, month, day, 11),
        endsAt: utc(2019, month, day, 14),
      })),
    );
  });

  it("starts on the first matching weekday on or after firstDate", () => {
    // 1 September 2019 is a Sunday; the first Tuesday after it is the 3rd.
    const fromSunday = layOutSessions({ ...program, count: 2, firstDate: "2019-09-01" });
    expect(fromSunday.map((s) => s.localDate)).toEqual(["2019-09-03", "2019-09-24"]);
    // 4 September is a Wednesday: the next Tuesday is the 10th.
    const fromWednesday = layOutSessions({ ...program, count: 1, firstDate: "2019-09-04" });
    expect(fromWednesday.map((s) => s.localDate)).toEqual(["2019-09-10"]);
    // Sunday is ISO weekday 7.
    const sundays = layOutSessions({ ...program, count: 2, weekday: 7, everyWeeks: 1 });
    expect(sundays.map((s) => s.localDate)).toEqual(["2019-09-08", "2019-09-15"]);
  });

  it("keeps 19:00 local in London across the end of summer time on 27 October 2019", () => {
    const sessions = layOutSessions({
      ...program,
      count: 3,
      everyWeeks: 1,
      firstDate: "2019-10-15",
      timeZone: "Europe/London",
    });
    expect(sessions.map((s) => [s.localDate, s.startsAt, s.endsAt])).toEqual([
      ["2019-10-15", utc(2019, 10, 15, 18), utc(2019, 10, 15, 21)], // BST, UTC+1
      ["2019-10-22", utc(2019, 10, 22, 18), utc(2019, 10, 22, 21)],
      ["2019-10-29", utc(2019, 10, 29, 19), utc(2019, 10, 29, 22)], // GMT, UTC+0
    ]);
  });

  it("keeps 19:00 local in New York in winter (UTC-5) and summer (UTC-4)", () => {
    const sessions = layOutSessions({
      ...program,
      count: 2,
      everyWeeks: 4,
      weekday: 4,
      firstDate: "2020-03-12",
      timeZone: "America/New_York",
    });
    // 12 March 2020 is after the 8 March change (UTC-4); 9 April too.
    expect(sessions.map((s) => s.startsAt)).toEqual([utc(2020, 3, 12, 23), utc(2020, 4, 9, 23)]);
    const winter = layOutSessions({
      ...program,
      count: 1,
      firstDate: "2020-01-07",
      timeZone: "America/New_York",
    });
    expect(winter[0]?.startsAt).toEqual(utc(2020, 1, 8, 0)); // 19:00 EST (UTC-5) is midnight UTC
    expect(winter[0]?.localDate).toBe("2020-01-07");
  });

  it("reports a start time that falls in the spring-forward gap, naming the session", () => {
    // New York skipped 02:00-03:00 on Sunday 10 March 2019.
    const problems = problemsOf(() =>
      layOutSessions({
        ...program,
        count: 3,
        everyWeeks: 1,
        weekday: 7,
        firstDate: "2019-03-03",
        startTime: "02:30",
        endTime: "04:00",
        timeZone: "America/New_York",
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("startTime");
    expect(problems[0]?.message).toContain("02:30");
    expect(problems[0]?.message).toContain("2019-03-10");
    expect(problems[0]?.message).toContain("session 2");
  });

  it("reports an end time in the gap under endTime", () => {
    const problems = problemsOf(() =>
      layOutSessions({
        ...program,
        count: 1,
        weekday: 7,
        firstDate: "2019-03-10",
        startTime: "01:00",
        endTime: "02:15",
        timeZone: "America/New_York",
      }),
    );
    expect(fields(problems)).toEqual(["endTime"]);
  });

  it("takes the earlier instant for a time that happens twice when clocks fall back", () => {
    // 01:30 happened first in BST (00:30Z), then again in GMT (01:30Z) on 27 October 2019.
    const [london] = layOutSessions({
      ...program,
      count: 1,
      weekday: 7,
      firstDate: "2019-10-27",
      startTime: "01:30",
      endTime: "03:00",
      timeZone: "Europe/London",
    });
    expect(london?.startsAt).toEqual(utc(2019, 10, 27, 0, 30));
    expect(london?.endsAt).toEqual(utc(2019, 10, 27, 3));
    // New York: 01:30 EDT (05:30Z) before 01:30 EST (06:30Z) on 3 November 2019.
    const [newYork] = layOutSessions({
      ...program,
      count: 1,
      weekday: 7,
      firstDate: "2019-11-03",
      startTime: "01:30",
      endTime: "01:45",
      timeZone: "America/New_York",
    });
    expect(newYork?.startsAt).toEqual(utc(2019, 11, 3, 5, 30));
    expect(newYork?.endsAt).toEqual(utc(2019, 11, 3, 5, 45));
  });

  it.each([
    ["count", { count: 0 }],
    ["count", { count: 53 }],
    ["count", { count: 2.5 }],
    ["count", { count: "6" }],
    ["everyWeeks", { everyWeeks: 0 }],
    ["everyWeeks", { everyWeeks: 13 }],
    ["weekday", { weekday: 0 }],
    ["weekday", { weekday: 8 }],
    ["firstDate", { firstDate: "2019-02-29" }],
    ["firstDate", { firstDate: "2019-13-01" }],
    ["firstDate", { firstDate: "2019-9-3" }],
    ["firstDate", { firstDate: "3 September 2019" }],
    ["firstDate", { firstDate: "0019-09-03" }],
    ["firstDate", { firstDate: "9999-09-03" }],
    ["startTime", { startTime: "24:00" }],
    ["startTime", { startTime: "7pm" }],
    ["startTime", { startTime: "19:60" }],
    ["endTime", { endTime: "9:00" }],
    ["endTime", { endTime: "19:00" }],
    ["endTime", { endTime: "18:59" }],
    ["endTime", { endTime: "00:30" }],
    ["timeZone", { timeZone: "Mars/Olympus_Mons" }],
    ["timeZone", { timeZone: "" }],
    ["timeZone", { timeZone: "+08:00" }],
  ])("reports a bad %s (%j)", (field, change) => {
    const problems = problemsOf(() => layOutSessions({ ...program, ...change } as ScheduleInput));
    expect(fields(problems)).toEqual([field]);
    expect(problems[0]?.message.length).toBeGreaterThan(10);
  });

  it("reports every bad field at once", () => {
    const problems = problemsOf(() =>
      layOutSessions({
        count: 100,
        everyWeeks: -1,
        weekday: 9,
        firstDate: "2019-02-30",
        startTime: "25:00",
        endTime: "xx",
        timeZone: "Nowhere/Special",
      } as unknown as ScheduleInput),
    );
    expect(fields(problems)).toEqual(
      ["count", "endTime", "everyWeeks", "firstDate", "startTime", "timeZone", "weekday"].sort(),
    );
  });

  it("names the field in the error's message too", () => {
    const error = (() => {
      try {
        layOutSessions({ ...program, count: 0, timeZone: "Nowhere" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe("ScheduleInputError");
    expect(error?.message).toMatch(/count: .*timeZone: /);
  });
});

describe("moveSession", () => {
  const sessions = layOutSessions(program);
  const third = sessions[2]!;

  it("moves one session to another date, keeping its local times", () => {
    const moved = moveSession(third, { date: "2019-10-17" }, "Asia/Singapore");
    expect(moved).toEqual({
      localDate: "2019-10-17",
      startsAt: utc(2019, 10, 17, 11),
      endsAt: utc(2019, 10, 17, 14),
    });
    // The others are untouched: the input is not mutated.
    expect(third.startsAt).toEqual(utc(2019, 10, 15, 11));
    expect(layOutSessions(program)).toEqual(sessions);
  });

  it("changes only the times given, keeping the rest", () => {
    expect(moveSession(third, { startTime: "18:30" }, "Asia/Singapore")).toEqual({
      localDate: "2019-10-15",
      startsAt: utc(2019, 10, 15, 10, 30),
      endsAt: utc(2019, 10, 15, 14),
    });
    expect(
      moveSession(third, { date: "2019-10-16", startTime: "09:00", endTime: "12:00" }, "Asia/Singapore"),
    ).toEqual({ localDate: "2019-10-16", startsAt: utc(2019, 10, 16, 1), endsAt: utc(2019, 10, 16, 4) });
  });

  it("keeps the local time when moved across a DST change", () => {
    const [beforeChange] = layOutSessions({
      ...program,
      count: 1,
      firstDate: "2019-10-22",
      timeZone: "Europe/London",
    });
    expect(beforeChange?.startsAt).toEqual(utc(2019, 10, 22, 18));
    const moved = moveSession(beforeChange!, { date: "2019-10-29" }, "Europe/London");
    expect(moved.startsAt).toEqual(utc(2019, 10, 29, 19));
    expect(moved.endsAt).toEqual(utc(2019, 10, 29, 22));
  });

  it("reports a move into the spring-forward gap", () => {
    const [session] = layOutSessions({
      ...program,
      count: 1,
      weekday: 7,
      firstDate: "2019-03-03",
      startTime: "02:30",
      endTime: "04:00",
      timeZone: "America/New_York",
    });
    const problems = problemsOf(() => moveSession(session!, { date: "2019-03-10" }, "America/New_York"));
    expect(fields(problems)).toEqual(["startTime"]);
    expect(problems[0]?.message).toContain("2019-03-10");
  });

  it("reports every bad field of a move at once", () => {
    expect(
      fields(
        problemsOf(() => moveSession(third, { date: "2019-02-29", startTime: "7pm" }, "Asia/Singapore")),
      ),
    ).toEqual(["date", "startTime"]);
    expect(fields(problemsOf(() => moveSession(third, { startTime: "22:30" }, "Asia/Singapore")))).toEqual([
      "endTime",
    ]);
    expect(
      fields(problemsOf(() => moveSession(third, { date: "tomorrow", endTime: "25:00" }, "Nowhere"))),
    ).toEqual(["date", "endTime", "timeZone"]);
    const broken = { startsAt: new Date(Number.NaN), endsAt: third.endsAt };
    expect(fields(problemsOf(() => moveSession(broken, {}, "Asia/Singapore")))).toEqual(["session"]);
  });
});
