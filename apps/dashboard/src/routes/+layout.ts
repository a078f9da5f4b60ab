import { ApiError, api } from "#lib/api.ts";
import type { Me } from "#lib/types.ts";

// A single-page app: nothing is rendered on a server or at build time.
export const ssr = false;
export const prerender = false;

/** Who is logged in (null: nobody); every page below reads it. */
export async function load(): Promise<{ me: Me | null }> {
  try {
    return { me: await api.me() };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { me: null };
    throw error;
  }
}
