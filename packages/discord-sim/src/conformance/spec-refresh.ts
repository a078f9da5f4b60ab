/**
 * `npm run spec:refresh -w @circles/discord-sim -- <path to openapi.json>`: replaces spec/openapi.json
 * with the given file, unchanged, once it is an OpenAPI 3.1 document with an operation for every
 * route the simulator serves (ROUTES_NOT_IN_SPEC aside). Exit 1 and the reasons otherwise.
 */
import "@circles/node-guard";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { startSimulator } from "../server.ts";
import { openApiDocumentProblems } from "./openapi-document.ts";
import { type OpenApiPaths, OperationIndex } from "./operation-index.ts";
import { OPENAPI_SPEC_PATH } from "./spec-path.ts";
import { examplePath, specRoutes } from "./spec-routes.ts";

const arg = process.argv[2];
if (!arg || process.argv.length > 3) {
  process.stderr.write("usage: npm run spec:refresh -w @circles/discord-sim -- <path to openapi.json>\n");
  process.exit(2);
}
// npm runs the script in the package folder; a relative path means the folder npm was run from.
const source = resolve(process.env.INIT_CWD ?? process.cwd(), arg);

const fail = (problems: string[]): never => {
  process.stderr.write(
    `spec:refresh: ${source} was not copied:\n${problems.map((p) => `  - ${p}\n`).join("")}`,
  );
  process.exit(1);
};

function read(): { bytes: Buffer; doc: unknown } {
  try {
    const bytes = readFileSync(source);
    return { bytes, doc: JSON.parse(bytes.toString("utf8")) };
  } catch (error) {
    return fail([(error as Error).message]);
  }
}

const { bytes, doc } = read();
const problems = openApiDocumentProblems(doc);
if (problems.length > 0) fail(problems);

const sim = await startSimulator({ seed: "empty" });
const routes = specRoutes(sim.ctx.router);
await sim.close();
const index = new OperationIndex((doc as { paths: OpenApiPaths }).paths);
const missing = routes
  .filter((route) => {
    const [method, pattern] = route.split(" ") as [string, string];
    return index.find(method, examplePath(pattern)) === undefined;
  })
  .map((route) => `no operation for ${route}, which the simulator serves`);
if (missing.length > 0) fail(missing);

writeFileSync(OPENAPI_SPEC_PATH, bytes);
const sha256 = createHash("sha256").update(bytes).digest("hex");
process.stdout.write(
  `spec:refresh: copied ${source} to ${OPENAPI_SPEC_PATH}\n` +
    `  openapi ${(doc as { openapi: string }).openapi}, ${routes.length} simulator routes found in it, sha256 ${sha256}\n` +
    "  now update the commit, date and sha256 in spec/README.md and run the package's tests\n",
);
