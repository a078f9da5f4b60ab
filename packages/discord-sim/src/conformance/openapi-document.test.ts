import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocumentProblems } from "./openapi-document.ts";
import { OPENAPI_SPEC_PATH } from "./spec-path.ts";

const minimal = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: { "/guilds/{guild_id}": { get: { $ref: "#/components/x" } } },
  components: { x: {} },
};

describe("openApiDocumentProblems", () => {
  it("accepts the package's copy of Discord's description", () => {
    expect(openApiDocumentProblems(JSON.parse(readFileSync(OPENAPI_SPEC_PATH, "utf8")))).toEqual([]);
  });

  it("accepts a minimal 3.1 document", () => {
    expect(openApiDocumentProblems(minimal)).toEqual([]);
  });

  it.each([
    [{ ...minimal, openapi: "3.0.3" }, /"openapi" is "3.0.3", not a 3.1.x version/],
    [{ swagger: "2.0", info: minimal.info, paths: minimal.paths }, /"openapi" is undefined/],
    [{ ...minimal, info: { title: "t" } }, /"info" needs/],
    [{ ...minimal, paths: {} }, /"paths" is missing or empty/],
    [{ ...minimal, paths: { "guilds/{guild_id}": {} } }, /does not start with "\/"/],
    [{ ...minimal, paths: { "/x": [] } }, /path item "\/x" is not an object/],
    [{ ...minimal, components: { y: {} } }, /\$ref "#\/components\/x" resolves to nothing/],
  ])("refuses %j", (doc, problem) => {
    expect(openApiDocumentProblems(doc).join("\n")).toMatch(problem);
  });

  it("refuses what is not a JSON object", () => {
    expect(openApiDocumentProblems([minimal])).toEqual(["the document is not a JSON object"]);
  });
});
