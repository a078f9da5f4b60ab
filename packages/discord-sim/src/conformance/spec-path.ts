import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where Discord's OpenAPI description lives. CI clones the repository beside a copy of `shared/`,
 * so the spec is `<repo root>/../shared/discord-api-spec/openapi.json`; `DISCORD_OPENAPI_SPEC`
 * overrides it.
 */
export function openApiSpecPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.DISCORD_OPENAPI_SPEC;
  if (override) return override;
  // this file: <repo>/packages/discord-sim/src/conformance/spec-path.ts
  return fileURLToPath(new URL("../../../../../shared/discord-api-spec/openapi.json", import.meta.url));
}

/** The spec path, or an error that says where it was looked for and how to point elsewhere. */
export function requireOpenApiSpecPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = openApiSpecPath(env);
  if (!existsSync(path)) {
    throw new Error(
      `Discord's OpenAPI description was not found at ${path}. ` +
        "Place shared/ beside the repository root or set DISCORD_OPENAPI_SPEC to the openapi.json path.",
    );
  }
  return path;
}
