import { Type } from "typebox";
import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { converterFor, validatorCompiler } from "../src/validator-compiler.ts";

const Query = Type.Object(
  {
    role: Type.Optional(Type.Enum(["mentor", "mentee"])),
    q: Type.Optional(Type.String({ maxLength: 5 })),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    ratio: Type.Optional(Type.Number()),
    all: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
// What a querystring parser hands over: strings, repeated keys as arrays, unknown keys.
const INPUTS: Array<Record<string, unknown>> = [
  {},
  { role: "mentor", q: "ann", limit: "51", ratio: "0.5", all: "true" },
  { limit: "51.7", ratio: "-3", all: "false" },
  { limit: "x", ratio: "", all: "yes" },
  { limit: ["1", "2"], role: ["mentor"], q: ["a"] },
  { role: "nobody", extra: "1", limit: " 7 " },
  { all: "1", ratio: "1e3", limit: "0" },
];

describe("the query and params conversion", () => {
  it("gives what TypeBox's Value.Convert gives, for every kind of property", () => {
    const convert = converterFor(Query);
    for (const input of INPUTS)
      expect(convert(structuredClone(input)), JSON.stringify(input)).toEqual(
        Value.Convert(Query, structuredClone(input)),
      );
  });

  it("converts a whole schema it cannot take apart (a union) as Value.Convert does", () => {
    const Union = Type.Union([Type.Object({ n: Type.Integer() }), Type.Object({ s: Type.String() })]);
    const convert = converterFor(Union);
    for (const input of [{ n: "3" }, { s: "x" }, { n: "y" }])
      expect(convert(structuredClone(input))).toEqual(Value.Convert(Union, structuredClone(input)));
    const Nested = Type.Object({ inner: Type.Object({ n: Type.Integer() }) });
    expect(converterFor(Nested)({ inner: { n: "4" } })).toEqual({ inner: { n: 4 } });
  });
});

describe("the validator", () => {
  const validate = (httpPart: string, value: unknown) =>
    (validatorCompiler({ schema: Query, httpPart, method: "GET", url: "/" }) as (v: unknown) => unknown)(
      value,
    );

  it("converts a querystring and accepts it", () => {
    expect(validate("querystring", { limit: "5", all: "true" })).toEqual({ value: { limit: 5, all: true } });
  });

  it("answers TypeBox's errors, naming the field", () => {
    const outcome = validate("querystring", { limit: "0", role: "nobody" }) as {
      error: Array<{ instancePath: string }>;
    };
    expect(outcome.error.map((e) => e.instancePath).sort()).toEqual(["/limit", "/role"]);
  });

  it("leaves a body as it came: JSON already has its types", () => {
    const outcome = validate("body", { limit: "5" }) as { error?: unknown[] };
    expect(outcome.error?.length).toBeGreaterThan(0);
  });
});
