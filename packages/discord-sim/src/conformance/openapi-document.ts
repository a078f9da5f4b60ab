/**
 * What makes a file usable as the simulator's spec: an OpenAPI 3.1 document (the version, `info`,
 * `paths` of path items, every local `$ref` resolving). Not the full OpenAPI meta-schema, which this
 * repository does not carry; the conformance tests check the rest.
 */
export function openApiDocumentProblems(doc: unknown): string[] {
  if (!isObject(doc)) return ["the document is not a JSON object"];
  const problems: string[] = [];
  if (typeof doc.openapi !== "string" || !/^3\.1\.\d+$/.test(doc.openapi)) {
    problems.push(`"openapi" is ${JSON.stringify(doc.openapi)}, not a 3.1.x version`);
  }
  const info = doc.info;
  if (!isObject(info) || typeof info.title !== "string" || typeof info.version !== "string") {
    problems.push('"info" needs a string "title" and "version"');
  }
  if (!isObject(doc.paths) || Object.keys(doc.paths).length === 0) {
    problems.push('"paths" is missing or empty');
  } else {
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith("/")) problems.push(`path "${path}" does not start with "/"`);
      if (!isObject(item)) problems.push(`path item "${path}" is not an object`);
    }
  }
  if (doc.components !== undefined && !isObject(doc.components)) {
    problems.push('"components" is not an object');
  }
  const unresolved = new Set<string>();
  visitRefs(doc, (ref) => {
    if (ref.startsWith("#") && resolvePointer(doc, ref.slice(1)) === undefined) unresolved.add(ref);
  });
  for (const ref of [...unresolved].slice(0, 10)) problems.push(`$ref "${ref}" resolves to nothing`);
  if (unresolved.size > 10) problems.push(`… and ${unresolved.size - 10} more unresolved $ref`);
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function visitRefs(node: unknown, visit: (ref: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visitRefs(item, visit);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") visit(value);
      else visitRefs(value, visit);
    }
  }
}

/** RFC 6901: `/components/schemas/Foo` into the document; undefined when a step is missing. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let node: unknown = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}
