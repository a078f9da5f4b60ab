import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

// Debian's Chromium driven by playwright-core (no downloaded browser), each run on a new profile.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Screenshots of every page; kept (gitignored) so that a failed run shows what the browser saw. */
export const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));

export async function launchBrowser(): Promise<BrowserContext> {
  await mkdir(RESULTS, { recursive: true });
  const profile = await mkdtemp(path.join(tmpdir(), "circles-chromium-"));
  // The profile is the fresh --user-data-dir; playwright passes it as that flag.
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
}

/** Content-Security-Policy violations the page reported (listened for before any script of the page runs). */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__cspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(
        `${e.violatedDirective}: ${e.blockedURI}`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core in the page (evaluated, so the page's CSP does not apply) and returns serious and critical findings. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

/**
 * Logs in through the local Discord's OAuth page as this person: the API's login redirects to the
 * authorize page, which with `login_as` (the simulator's test parameter) sends the browser straight back.
 */
export async function logInAs(page: Page, dashboardUrl: string, userId: string) {
  const start = await page.request.get(`${dashboardUrl}/api/auth/login`, { maxRedirects: 0 });
  const authorize = new URL(start.headers().location ?? "");
  authorize.searchParams.set("login_as", userId);
  await page.goto(authorize.toString());
  await page.waitForURL(`${dashboardUrl}/`);
}
