import { describe, expect, it } from "vitest";
import { createConformanceChecker, toJsonPath } from "./conformance-checker.ts";

// The package's own copy, spec/openapi.json.
const checker = createConformanceChecker();

const role = {
  id: "1100000000000000001",
  name: "Circle 1",
  permissions: "0",
  position: 3,
  color: 0,
  colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
  hoist: false,
  managed: false,
  mentionable: false,
  icon: null,
  unicode_emoji: null,
  flags: 0,
};

describe("conformance checker", () => {
  it("accepts a role object as Discord documents it", () => {
    expect(checker.checkResponse("POST", "/api/v10/guilds/1/roles", 200, role)).toEqual([]);
  });

  it("reports a wrong type with its JSON path", () => {
    const mismatches = checker.checkResponse("GET", "/guilds/1/roles", 200, [role, { ...role, id: 42 }]);
    expect(mismatches.map((m) => [m.jsonPath, m.keyword])).toContainEqual(["$[1].id", "type"]);
    expect(mismatches.every((m) => m.operationId === "list_guild_roles")).toBe(true);
  });

  it("reports a missing required property", () => {
    const { flags: _flags, ...withoutFlags } = role;
    const [m] = checker.checkResponse("PATCH", "/guilds/1/roles/2", 200, withoutFlags);
    expect(m).toMatchObject({
      jsonPath: "$",
      keyword: "required",
      message: 'missing required property "flags"',
    });
  });

  it("prefers literal segments: /users/@me is not /users/{user_id}", () => {
    const [m] = checker.checkResponse("GET", "/users/@me/guilds", 200, [{ id: "1" }]);
    expect(m?.operationId).toBe("list_my_guilds");
  });

  it("decodes percent-encoded segments (%40original) and ignores the query", () => {
    const [m] = checker.checkResponse("PATCH", "/webhooks/1/tok/messages/%40original?x=1", 200, {});
    expect(m?.operationId).toBe("update_original_webhook_message");
  });

  it("checks error bodies against the 4XX response", () => {
    expect(
      checker.checkResponse("DELETE", "/guilds/1/roles/2", 404, { code: 10011, message: "Unknown Role" }),
    ).toEqual([]);
    const [m] = checker.checkResponse("DELETE", "/guilds/1/roles/2", 404, { message: "Unknown Role" });
    expect(m).toMatchObject({ jsonPath: "$", keyword: "required" });
  });

  it("reports a body on a response the spec declares empty, and an undocumented status", () => {
    expect(checker.checkResponse("DELETE", "/guilds/1/roles/2", 204, undefined)).toEqual([]);
    expect(checker.checkResponse("DELETE", "/guilds/1/roles/2", 204, { ok: true })[0]?.keyword).toBe(
      "content",
    );
    expect(checker.checkResponse("DELETE", "/guilds/1/roles/2", 302, undefined)[0]?.keyword).toBe("status");
  });

  it("reports an operation the spec does not have", () => {
    expect(checker.checkResponse("GET", "/no/such/thing", 200, {})[0]?.keyword).toBe("operation");
  });

  it("validates request bodies; the allow-list admits string permission bitfields only", () => {
    expect(checker.checkRequest("POST", "/guilds/1/roles", { name: "Circle", permissions: "1024" })).toEqual(
      [],
    );
    const overwrites = [{ id: "1", type: 0, deny: "1024" }];
    expect(
      checker.checkRequest("POST", "/guilds/1/channels", {
        name: "c",
        type: 0,
        permission_overwrites: overwrites,
      }),
    ).toEqual([]);
    const [m] = checker.checkRequest("POST", "/guilds/1/roles", { name: "Circle", permissions: "lots" });
    expect(m).toMatchObject({ part: "request", jsonPath: "$.permissions", keyword: "type" });
    expect(checker.checkRequest("POST", "/guilds/1/roles", { name: "" })[0]?.jsonPath).toBe("$.name");
  });

  it("requires a request body where the spec does", () => {
    expect(checker.checkRequest("POST", "/channels/1/messages", undefined)[0]?.keyword).toBe("required");
    expect(checker.checkRequest("GET", "/channels/1/messages", undefined)).toEqual([]);
  });

  it("accepts Discord's 50035 field errors (string codes, schema patch) and still checks them", () => {
    const body = (code: unknown) => ({
      code: 50035,
      message: "Invalid Form Body",
      errors: { name: { _errors: [{ code, message: "Must be 100 or fewer in length." }] } },
    });
    expect(checker.checkResponse("POST", "/guilds/1/roles", 400, body("BASE_TYPE_MAX_LENGTH"))).toEqual([]);
    expect(checker.checkResponse("POST", "/guilds/1/roles", 400, body(7)).length).toBeGreaterThan(0);
  });

  it("explains a failed oneOf by the alternative the data meant, not by every alternative", () => {
    const button = { type: 2, style: 1, label: "Join", custom_id: "join" };
    const mismatches = checker.checkRequest("POST", "/channels/1/messages", {
      content: "hi",
      components: [{ type: 1, components: [{ ...button, style: "big" }] }],
    });
    expect(mismatches.map((m) => m.jsonPath)).toEqual(["$.components[0].components[0].style"]);
  });

  it("accepts the callback resource of a modal response (schema patch), but not an unknown type", () => {
    const path = "/interactions/1/tok/callback?with_response=true";
    const answer = (type: number) => ({ interaction: { id: "1", type: 2 }, resource: { type } });
    expect(checker.checkResponse("POST", path, 200, answer(9))).toEqual([]);
    const [m] = checker.checkResponse("POST", path, 200, answer(42));
    expect(m).toMatchObject({
      jsonPath: "$.resource",
      message: "matches none of the 4 alternatives (oneOf)",
    });
  });

  it("checks query parameters, coerced from text", () => {
    expect(checker.checkQuery("GET", "/guilds/1/members?limit=50&after=0")).toEqual([]);
    expect(checker.checkQuery("POST", "/webhooks/1/tok?wait=true")).toEqual([]);
    const [tooMany] = checker.checkQuery("GET", "/guilds/1/members?limit=5000");
    expect(tooMany).toMatchObject({ jsonPath: "?limit", keyword: "maximum" });
    const [typo] = checker.checkQuery("GET", "/guilds/1/members?limt=5");
    expect(typo).toMatchObject({
      jsonPath: "?limt",
      message: 'query parameter "limt" is not in openapi.json',
    });
    expect(checker.checkQuery("POST", "/webhooks/1/tok?wait=maybe")[0]?.jsonPath).toBe("?wait");
  });

  it("writes JSON paths readably", () => {
    expect(toJsonPath("")).toBe("$");
    expect(toJsonPath("/embeds/0/fields/2/name")).toBe("$.embeds[0].fields[2].name");
    expect(toJsonPath("/a~1b")).toBe('$["a/b"]');
  });

  it("says where the spec was looked for when it is missing, and how to restore it", () => {
    expect(() => createConformanceChecker({ specPath: "/nowhere/openapi.json" })).toThrow(
      /not found at \/nowhere\/openapi.json.*spec:refresh/,
    );
  });
});
