import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe("the OpenAPI document at /api/openapi.json", () => {
  it("lists every /api route with its parameters, body and answers, errors included", async () => {
    const response = await t.api.inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, Operation>> };
    expect(doc.openapi).toBe("3.1.0");
    const routes = t.api.registeredRoutes.filter(
      (r) => r.url.startsWith("/api") && r.method !== "HEAD" && r.url !== "/api/openapi.json",
    );
    expect(routes.length).toBeGreaterThan(25);
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, "{$1}");
      const operation = doc.paths[path]?.[String(route.method).toLowerCase()];
      const where = `${route.method} ${route.url}`;
      expect(operation, where).toBeDefined();
      const schema = route.schema as {
        params?: unknown;
        body?: unknown;
        querystring?: unknown;
        response?: object;
      };
      const params = route.url.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? [];
      expect(
        operation!.parameters
          ?.filter((p) => p.in === "path")
          .map((p) => p.name)
          .sort() ?? [],
        where,
      ).toEqual(params.sort());
      if (schema.body) expect(operation!.requestBody, where).toBeDefined();
      if (schema.querystring)
        expect(
          operation!.parameters?.some((p) => p.in === "query"),
          where,
        ).toBe(true);
      expect(Object.keys(operation!.responses), where).toContain("4XX");
      const success = Object.keys(operation!.responses).filter((code) => code.startsWith("2"));
      // The login routes answer with redirects only.
      if (!route.url.startsWith("/api/auth/log") && !route.url.endsWith("/callback"))
        expect(success.length, where).toBeGreaterThan(0);
    }
  });
});
