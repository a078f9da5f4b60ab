import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** The id under which openapi.json's components are registered; `#/components/...` refs point here. */
export const SPEC_ID = "https://discord-sim.local/openapi.json";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** An ajv (JSON Schema 2020-12, not strict) knowing the spec's formats and its components. */
export function createSpecAjv(components: unknown, options: { coerceTypes?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    coerceTypes: options.coerceTypes ?? false,
  });
  addFormats(ajv);
  ajv.addFormat("snowflake", /^(0|[1-9][0-9]*)$/);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("nonce", () => true);
  // Only the components are registered: operation schemas are compiled one by one, their
  // `#/components/...` references rewritten to point here.
  ajv.addSchema({ $id: SPEC_ID, components });
  return ajv;
}

/** Points the document-relative `#/components/...` references at the registered components. */
export function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${SPEC_ID}${v}` : rebase(v);
  }
  return out;
}
