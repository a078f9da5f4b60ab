import "@circles/node-guard";
import adapter from "@sveltejs/adapter-static";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// The API the dev server sends /api to (`npm start` listens on 3000 by default).
const api = process.env.API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [
    sveltekit({
      // A single-page app: every path falls back to index.html, which the API serves for non-/api GETs.
      adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", strict: true }),
    }),
  ],
  server: {
    proxy: {
      "/api": {
        target: api,
        // The API accepts changes only from its own origin; the dev server stands in for it.
        configure: (proxy) =>
          proxy.on("proxyReq", (request) => request.setHeader("origin", new URL(api).origin)),
      },
    },
  },
});
