import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { type SchemaError, validationProblems } from "../src/plugins/error-handler.ts";
import { validatorCompiler } from "../src/validator-compiler.ts";

// The words of a 400 come from the schema errors of the API's own validator, as a request gets them.
const Body = Type.Object(
  {
    minutes: Type.Integer({ minimum: 1, maximum: 600 }),
    title: Type.String({ minLength: 2, maxLength: 3 }),
    speakers: Type.Array(Type.String(), { minItems: 1, maxItems: 2 }),
    kind: Type.Union([Type.Literal("talk"), Type.Literal("supper")]),
    theme: Type.Union([Type.String(), Type.Null()]),
    ratio: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  },
  { additionalProperties: false },
);
const validate = validatorCompiler({ schema: Body, httpPart: "body", method: "POST", url: "/" }) as (
  value: unknown,
) => { error?: SchemaError[] };
const VALID = { minutes: 5, title: "ab", speakers: ["Ann"], kind: "talk", theme: null, ratio: 0.5 };
const problemsOf = (change: object) => validationProblems(validate({ ...VALID, ...change }).error ?? []);

describe("a 400's words", () => {
  it("says each limit in plain words", () => {
    expect(validate(VALID).error).toBeUndefined();
    const cases: Array<[object, string, string]> = [
      [{ minutes: 0 }, "minutes", "must be at least 1"],
      [{ minutes: 601 }, "minutes", "must be at most 600"],
      [{ minutes: 1.5 }, "minutes", "must be a whole number"],
      [{ title: "a" }, "title", "must be at least 2 characters"],
      [{ title: "abcd" }, "title", "must be at most 3 characters"],
      [{ speakers: [] }, "speakers", "must have at least 1 item"],
      [{ speakers: ["a", "b", "c"] }, "speakers", "must have at most 2 items"],
      [{ kind: "lunch" }, "kind", "must be one of: talk, supper"],
      [{ theme: 5 }, "theme", "must be text, or must be empty (null)"],
      [{ ratio: 0 }, "ratio", "must be more than 0"],
      [{ ratio: 1 }, "ratio", "must be less than 1"],
      [{ ratio: "half" }, "ratio", "must be a number"],
    ];
    for (const [change, field, message] of cases)
      expect(problemsOf(change), JSON.stringify(change)).toEqual([{ field, message }]);
  });

  it("says a missing field, an unknown one, and an empty required text", () => {
    const { title: _, ...noTitle } = VALID;
    expect(validationProblems(validate({ ...noTitle, extra: 1 }).error ?? [])).toEqual([
      { field: "title", message: "is required" },
      { field: "extra", message: "is not a known field" },
    ]);
    const OneChar = Type.Object({ name: Type.String({ minLength: 1 }) });
    const check = validatorCompiler({ schema: OneChar, httpPart: "body", method: "POST", url: "/" }) as (
      value: unknown,
    ) => { error?: SchemaError[] };
    expect(validationProblems(check({ name: "" }).error ?? [])).toEqual([
      { field: "name", message: "must not be empty" },
    ]);
  });
});
