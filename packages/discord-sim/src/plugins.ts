import type { SimPlugin } from "./context.ts";
import { limitsPlugins } from "./plugins-limits.ts";

/**
 * Plugins installed into every simulator, in order (middleware runs in this order).
 * Modules owned by other engineers (OAuth, rate limits, faults, request log) add themselves here.
 */
export const defaultPlugins: SimPlugin[] = [...limitsPlugins()];
