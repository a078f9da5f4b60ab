/**
 * Where Discord's OpenAPI description disagrees with behaviour documented in the team's Discord
 * platform facts (discord-platform-facts.md, "facts" below), the facts win. Each entry says why.
 * Keep this list short: an entry hides a real mismatch.
 */
export interface AllowEntry {
  /** The spec's operationId, or "*" for every operation. */
  operationId: string;
  part: "request" | "response";
  /** Exact JSON path of the reported value (`$` is the body itself), or a pattern. */
  jsonPath: string | RegExp;
  /** An ajv keyword ("required", "type", ...), or any keyword when left out. */
  keyword?: string;
  /** Narrows the entry to values this accepts (the offending value is passed). */
  accepts?: (value: unknown) => boolean;
  reason: string;
}

const isDigitString = (v: unknown): boolean => typeof v === "string" && /^\d+$/.test(v);

export const ALLOW_LIST: readonly AllowEntry[] = [
  {
    // The spec types request bitfields (role permissions, overwrite allow/deny, command
    // default_member_permissions) as integers; Discord documents them as strings ("serialized
    // permissions", facts §3) and discord.js sends strings, which Discord accepts.
    operationId: "*",
    part: "request",
    jsonPath: /\.(permissions|allow|deny|default_member_permissions)$/,
    keyword: "type",
    accepts: isDigitString,
    reason: "permission bitfields are sent as strings (facts §3)",
  },
];

/**
 * `/api` routes (the router's spelling) that openapi.json does not describe, so nothing can check
 * them against it; every other `/api` route must be covered by test/route-conformance.test.ts.
 */
export const ROUTES_NOT_IN_SPEC: ReadonlyMap<string, string> = new Map([
  // A browser page (HTML), not part of the REST API; Discord serves it at /oauth2/authorize too.
  ["GET /api/oauth2/authorize", "the OAuth2 consent page"],
  // Form-encoded OAuth2 endpoints (RFC 6749 and 7009); openapi.json has no /oauth2/token paths.
  ["POST /api/oauth2/token", "the OAuth2 token exchange"],
  ["POST /api/oauth2/token/revoke", "the OAuth2 token revocation"],
]);

/** A replacement for one schema of the document, applied before anything is compiled. */
export interface SchemaPatch {
  /** JSON pointer into openapi.json. */
  pointer: string;
  schema: unknown;
  reason: string;
}

export const SCHEMA_PATCHES: readonly SchemaPatch[] = [
  {
    // The spec reuses its top-level Error (integer `code`) for the items of `_errors`; Discord's
    // field errors carry string codes such as "BASE_TYPE_REQUIRED" (the 50035 example in
    // Discord's docs; facts §3: "50035 invalid form body" with the field errors).
    pointer: "/components/schemas/InnerErrors/properties/_errors/items",
    schema: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" } },
      required: ["code", "message"],
    },
    reason: "field error codes are strings",
  },
  {
    // The spec's callback resource knows only types 4, 7 and 12; facts §3 lists the callback types
    // 4, 5, 6, 7, 9 and says `with_response=true` answers `{interaction, resource: {type, message}}`
    // for each of them (a deferred reply's resource holds its "thinking" message; a modal's none).
    pointer: "/components/schemas/InteractionCallbackResponse/properties/resource",
    schema: {
      oneOf: [
        { $ref: "#/components/schemas/CreateMessageInteractionCallbackResponse" },
        { $ref: "#/components/schemas/LaunchActivityInteractionCallbackResponse" },
        { $ref: "#/components/schemas/UpdateMessageInteractionCallbackResponse" },
        {
          type: "object",
          properties: {
            type: { enum: [5, 6, 9] },
            message: { $ref: "#/components/schemas/MessageResponse" },
          },
          required: ["type"],
        },
      ],
    },
    reason: "callback resources of deferred and modal responses",
  },
];

/** Replaces the schemas named by `patches` in a parsed openapi.json (in place). */
export function applySchemaPatches(doc: unknown, patches: readonly SchemaPatch[]): void {
  for (const patch of patches) {
    const parts = patch.pointer
      .split("/")
      .slice(1)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = parts.pop();
    let node = doc as Record<string, unknown> | undefined;
    for (const part of parts) node = node?.[part] as Record<string, unknown> | undefined;
    if (!node || last === undefined || !(last in node))
      throw new Error(`schema patch: ${patch.pointer} is not in openapi.json`);
    node[last] = patch.schema;
  }
}

export interface AllowCandidate {
  operationId: string;
  part: string;
  jsonPath: string;
  keyword: string;
  value: unknown;
}

export function isAllowed(list: readonly AllowEntry[], m: AllowCandidate): boolean {
  return list.some(
    (e) =>
      (e.operationId === "*" || e.operationId === m.operationId) &&
      e.part === m.part &&
      (e.keyword === undefined || e.keyword === m.keyword) &&
      (typeof e.jsonPath === "string" ? e.jsonPath === m.jsonPath : e.jsonPath.test(m.jsonPath)) &&
      (e.accepts === undefined || e.accepts(m.value)),
  );
}
