import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Discord's OpenAPI description, kept in this package (spec/README.md says where it came from;
 * `npm run spec:refresh -w @circles/discord-sim -- <file>` replaces it).
 */
export const OPENAPI_SPEC_PATH = fileURLToPath(new URL("../../spec/openapi.json", import.meta.url));

/** The spec path, or an error that says where it was looked for and how to restore it. */
export function requireOpenApiSpecPath(path: string = OPENAPI_SPEC_PATH): string {
  if (!existsSync(path)) {
    throw new Error(
      `Discord's OpenAPI description was not found at ${path}. ` +
        "Restore it with `npm run spec:refresh -w @circles/discord-sim -- <path to openapi.json>`.",
    );
  }
  return path;
}
