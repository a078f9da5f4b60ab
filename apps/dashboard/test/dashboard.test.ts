import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Sandbox, startSandbox } from "@circles/all-in-one";
// The sandbox's bot runtime (the same module instance), to wait until every voice change is recorded.
import { termOf } from "@circles/bot";
import { ControlClient, type InteractionState } from "@circles/discord-sim/client";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logInAs, screenshot, seriousAxeViolations, watchCsp } from "./browser.ts";

// The organisers' path through the built dashboard in Chromium, on the sandbox (local Discord, bot,
// API serving the build): log in, create a cohort, import a CSV, match, move people, publish and see
// Discord change; every page passes axe-core and the CSP; a plain member is refused.

let sandbox: Sandbox;
let dataDir: string;
let browser: BrowserContext;
let page: Page;
let csp: string[];
let control: ControlClient;
let guildId: string;
let organiserId: string;
let memberId: string;
let base: string;
let cohortUrl: string;

const COHORT = "Browser cohort";
const ZONE = "Europe/London";

/** The bot's clock: starts at the real now and moves only when the test says (a session's minutes at once). */
const clock = {
  at: Date.now(),
  now() {
    return this.at;
  },
};

/** `at` as a local date and minute of the day in `timeZone`. */
function localParts(at: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** Polls `read` until `done` holds, or fails after `timeoutMs`. */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function check(name: string) {
  await page.waitForLoadState("networkidle");
  await screenshot(page, name);
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
  expect(csp, `CSP on ${name}`).toEqual([]);
}

beforeAll(async () => {
  if (!existsSync(new URL("../build/index.html", import.meta.url)))
    throw new Error("The dashboard is not built: npm run build -w @circles/dashboard");
  dataDir = await mkdtemp(path.join(tmpdir(), "circles-dashboard-"));
  sandbox = await startSandbox({ dataDir, host: "127.0.0.1", port: 0, simPort: 0, logLevel: "warn", clock });
  control = new ControlClient(sandbox.sim.urls.control);
  guildId = sandbox.sim.guildId;
  const guild = await control.guild(guildId);
  const organisers = guild.roles.find((r) => r.name === "Organisers")!;
  const members = await control.members(guildId);
  organiserId = members.find((m) => m.roles.includes(organisers.id) && m.user.id !== guild.ownerId)!.user.id;
  // A member with no role that may manage the server (ADMINISTRATOR, MANAGE_GUILD) nor the organisers' one.
  const powerful = new Set(
    guild.roles
      .filter((r) => r.id === organisers.id || (BigInt(r.permissions) & 0x28n) !== 0n)
      .map((r) => r.id),
  );
  memberId = members.find(
    (m) => !m.user.bot && m.user.id !== guild.ownerId && !m.roles.some((r) => powerful.has(r)),
  )!.user.id;
  base = `${sandbox.dashboardUrl}/c/${guildId}`;
  browser = await launchBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  csp = await watchCsp(page);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("the dashboard in a browser", () => {
  it("serves the built pages with their caching, and a deep link falls back to the app", async () => {
    const index = await fetch(`${base}/settings`);
    expect(index.status).toBe(200);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const script = (await index.text()).match(/\/_app\/immutable\/[^"]+\.js/)![0];
    const asset = await fetch(`${sandbox.dashboardUrl}${script}`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const unknownApi = await fetch(`${sandbox.dashboardUrl}/api/nothing-here`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get("content-type")).toContain("application/json");
  });

  it("shows the login page to a visitor", async () => {
    await page.goto(sandbox.dashboardUrl);
    await page.getByRole("link", { name: "Log in with Discord" }).waitFor();
    await check("01-login");
  });

  it("logs an organiser in through the local Discord and lists their community", async () => {
    await logInAs(page, sandbox.dashboardUrl, organiserId);
    await page.getByRole("heading", { name: "Communities you organise" }).waitFor();
    await page.getByRole("link", { name: "JuniorDev SG" }).waitFor();
    await check("02-communities");
  });

  it("creates a cohort and lays out its schedule from the live preview across a DST change", async () => {
    await page.getByRole("link", { name: "JuniorDev SG" }).click();
    await page.getByRole("heading", { name: "Cohorts" }).waitFor();
    await check("03-cohorts");
    await page.getByLabel("Name").fill(COHORT);
    await page.getByRole("button", { name: "Create cohort" }).click();
    await page.getByRole("heading", { name: COHORT }).waitFor();
    cohortUrl = page.url();
    // London: the offset changes on the last Sunday of October.
    await page.getByLabel("Time zone").fill("Europe/London");
    await page.getByLabel("Venue (all groups meet here)").fill("The Hive, 1 Example Street");
    await page.getByRole("button", { name: "Save the cohort" }).click();
    await page.getByText("Cohort saved.").waitFor();
    await page.getByLabel("From").fill("2027-09-07");
    await page.getByText("Preview in Europe/London").waitFor();
    // The preview follows the date after a round trip: wait for it rather than count at once.
    await page.getByText("+01:00 → +00:00").waitFor();
    await expect(page.getByText("+01:00 → +00:00").count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Lay out these sessions" }).click();
    await page.getByText("6 sessions laid out.").waitFor();
    await page.getByText("Session 6", { exact: false }).first().waitFor();
    await check("04-cohort-setup");
    // Only the legal moves of a draft: open applications, or cancel.
    const buttons = await page.locator(".states button, .states a.button").allTextContents();
    expect(buttons).toEqual(["Open applications", "Cancel the cohort"]);
    await page.getByRole("button", { name: "Open applications" }).click();
    await page.getByText("State: Applications open").waitFor();
  });

  it("imports a CSV: column mapping, per-row report, nothing saved before the confirmation", async () => {
    // The demo members' own answers (the sandbox's seeded cohort), as a survey export with a bad row.
    const cohorts = await (
      await page.request.get(`${sandbox.dashboardUrl}/api/communities/${guildId}/cohorts`)
    ).json();
    const seeded = cohorts.find((c: { name: string }) => c.name !== COHORT);
    const applications: Array<Record<string, unknown>> = (
      await (
        await page.request.get(
          `${sandbox.dashboardUrl}/api/communities/${guildId}/cohorts/${seeded.id}/applications`,
        )
      ).json()
    ).items;
    const lines = applications.map((a) =>
      [a.userId, a.displayName, a.role, a.gender, (a.areas as string[]).join(";"), a.experience].join(","),
    );
    const csv = [
      "Discord ID,Name,Role,Gender,Areas,Experience",
      ...lines,
      "12,Nobody,guest,female,career,junior",
    ].join("\n");

    // The table asks the server for one page of 50 rows.
    const paged = page.waitForRequest((r) => /\/applications\?.*limit=50&offset=0/.test(r.url()));
    await page.goto(`${cohortUrl}/applications`);
    await page.getByRole("heading", { name: "Applications" }).waitFor();
    await paged;
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "survey.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(page.getByLabel("Discord id *").inputValue()).resolves.toBe("Discord ID");
    await page.getByRole("button", { name: "Check the rows" }).click();
    await page.getByText(`${applications.length} rows can be imported`).waitFor();
    await expect(page.getByText("must be a Discord user id").count()).resolves.toBe(1);
    await expect(page.getByText("No application matches.").count()).resolves.toBe(1); // not saved yet
    await check("05-import-preview");
    await page.getByRole("button", { name: `Import ${applications.length} valid rows` }).click();
    await page
      .getByText(`Imported ${applications.length} applications in one go; skipped 1 row with problems.`)
      .waitFor();
    const n = applications.length;
    await page.getByText(`Rows 1–${n} of ${n} · page 1 of 1`).waitFor();
    await page.getByLabel("Role", { exact: true }).selectOption("mentor");
    const mentors = applications.filter((a) => a.role === "mentor").length;
    await page.getByText(`Rows 1–${mentors} of ${mentors} · page 1 of 1`).waitFor();
    // One page holds them all: both page buttons are there for the keyboard but neither leads anywhere.
    await expect(page.getByRole("button", { name: "Next page" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Previous page" }).isDisabled()).resolves.toBe(true);
    await check("06-applications");
  });

  it("matches, shows a rule-breaking move unsaved, and swaps two people by keyboard", async () => {
    await page.goto(cohortUrl);
    await page.getByRole("button", { name: "Close applications and match" }).click();
    await page.getByText("State: Matching").waitFor();
    await page.goto(`${cohortUrl}/matching`);
    await page.getByRole("button", { name: "Run the matching", exact: true }).click();
    await page.getByText(/^Matched: \d+ groups/).waitFor();
    await page.getByRole("heading", { name: "Group 01" }).waitFor();
    await check("07-matching");

    const group = (n: string) => page.locator("article", { has: page.getByRole("heading", { name: n }) });
    const firstMentee = group("Group 01").locator("h4:text('Mentees') + ul li button.who").first();
    const mover = (await firstMentee.getAttribute("data-name"))!;
    // Move by keyboard: pick up with Enter, then the group's drop button.
    await firstMentee.focus();
    await page.keyboard.press("Enter");
    await page.getByText(`Picked up ${mover}`).waitFor();
    // Picked up, a mentee swaps only with mentees elsewhere; a mentor elsewhere takes them into their
    // group; the people beside them are picked up instead.
    const chips = (n: string, role: string) => group(n).locator(`h4:text('${role}') + ul li button.who`);
    const offered = (n: string, verb: string) =>
      group(n)
        .getByRole("button", { name: new RegExp(`^${verb} ${mover} (with|beside) `) })
        .count();
    expect(await chips("Group 02", "Mentors").count()).toBeGreaterThan(0);
    expect(await offered("Group 02", "Move")).toBe(await chips("Group 02", "Mentors").count());
    expect(await offered("Group 02", "Swap")).toBe(await chips("Group 02", "Mentees").count());
    expect(
      await group("Group 01")
        .getByRole("button", { name: /^(Swap|Move) / })
        .count(),
    ).toBe(0);
    await group("Group 02")
      .getByRole("button", { name: `Move ${mover} into Group 02` })
      .focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Not saved: this edit breaks a rule" }).waitFor();
    await check("08-matching-unsaved-edit");
    await page.getByRole("button", { name: "Don't save" }).click();

    // Swap by keyboard: a mentee of group 1 with one of group 2 keeps both groups' shapes.
    const other = group("Group 02").locator("h4:text('Mentees') + ul li button.who").first();
    const swapped = (await other.getAttribute("data-name"))!;
    await firstMentee.focus();
    await page.keyboard.press("Enter");
    await group("Group 02")
      .getByRole("button", { name: `Swap ${mover} with ${swapped}` })
      .focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("heading", { name: "Not saved: this edit breaks a rule" });
    const done = page.getByText(new RegExp(`^Swapped ${mover} and ${swapped}`));
    await Promise.race([dialog.waitFor(), done.waitFor()]);
    if (await dialog.isVisible()) await page.getByRole("button", { name: "Save anyway" }).click();
    await done.waitFor();
    await expect(group("Group 02").getByText(mover).count()).resolves.toBeGreaterThan(0);

    // And by drag and drop: the same person dropped on group 3 is held as a rule-breaking move.
    await group("Group 02")
      .locator(`button.who[data-name="${mover}"]`)
      .dragTo(group("Group 03").locator("h3"));
    await page.getByRole("heading", { name: "Not saved: this edit breaks a rule" }).waitFor();
    await page.getByRole("button", { name: "Don't save" }).click();
    const draft = await (
      await page.request.get(
        `${sandbox.dashboardUrl}/api/communities/${guildId}${new URL(cohortUrl).pathname.replace(`/c/${guildId}`, "")}/matching`,
      )
    ).json();
    const placed = draft.groups.find((g: { mentees: Array<{ name: string }> }) =>
      g.mentees.some((m) => m.name === mover),
    );
    expect(placed.name).toBe("Group 02");
  });

  it("publishes: preflight, plan, confirm, progress; the groups' roles and channels appear on Discord", async () => {
    await page.goto(`${cohortUrl}/publish`);
    await page.getByRole("heading", { name: "What publishing makes on Discord" }).waitFor();
    await check("09-publish");
    await page.getByRole("button", { name: "Publish…" }).click();
    await page.getByRole("button", { name: "Yes, publish" }).click();
    await page.getByText(/^finished: \d+ of \d+ steps done/).waitFor({ timeout: 90_000 });
    await check("10-published");
    const guild = await control.guild(guildId);
    expect(guild.roles.map((r) => r.name)).toContain(`${COHORT} · Group 01`);
    expect(guild.channels.map((c) => c.name)).toEqual(
      expect.arrayContaining(["group-01", "Group 01", COHORT]),
    );
  });

  it("runs session 1 now: /session start, the group in voice for 35 minutes, /session end; the chart shows them", async () => {
    const api = `${sandbox.dashboardUrl}/api/communities/${guildId}`;
    const cohortId = new URL(cohortUrl).pathname.split("/").at(-1)!;
    const sessions: Array<{ id: string; number: number; startsAt: string; endsAt: string }> = await (
      await page.request.get(`${api}/cohorts/${cohortId}/sessions`)
    ).json();
    const first = sessions.find((s) => s.number === 1)!;
    // Today, local time, from this minute (or earlier, so that the evening ends before midnight).
    const length = (Date.parse(first.endsAt) - Date.parse(first.startsAt)) / 60_000;
    const today = localParts(clock.now(), ZONE);
    const start = Math.min(today.minute, 24 * 60 - 1 - length);
    const moved = await page.request.patch(`${api}/sessions/${first.id}`, {
      headers: { origin: sandbox.dashboardUrl },
      data: { date: today.date, startTime: hhmm(start), endTime: hhmm(start + length) },
    });
    expect(moved.status(), await moved.text()).toBe(200);

    const draft = await (await page.request.get(`${api}/cohorts/${cohortId}/matching`)).json();
    const groupOne = draft.groups.find((g: { name: string }) => g.name === "Group 01");
    const people: string[] = [...groupOne.mentors, ...groupOne.mentees].map(
      (p: { userId: string }) => p.userId,
    );
    const mentorId: string = groupOne.mentors[0].userId;
    const guild = await control.guild(guildId);
    const category = guild.channels.find((c) => c.name === COHORT)!;
    const inCategory = (name: string) =>
      guild.channels.find((c) => c.name === name && "parent_id" in c && c.parent_id === category.id)!;
    const text = inCategory("group-01");
    const voice = inCategory("Group 01");

    const command = async (subcommand: string) => {
      const { interactionId } = await control.runCommand({
        guildId,
        channelId: text.id,
        userId: mentorId,
        name: "session",
        subcommand,
      });
      const done = (s: InteractionState) => s.stage === "replied" || (s.stage === "deferred" && !!s.original);
      return (await control.waitForInteraction(interactionId, done, 15_000)).original!.content;
    };
    await expect(command("start")).resolves.toContain("Session 1");

    // Everyone but one mentee joins the room; the bot records each join at the clock's time.
    const absent = people.at(-1)!;
    const present = people.filter((id) => id !== absent);
    for (const userId of present) await control.voice({ guildId, userId, channelId: voice.id });
    const botGuild = sandbox.bot.client.guilds.cache.get(guildId)!;
    await until(
      "the bot to see the room",
      async () => present.filter((id) => botGuild.voiceStates.cache.get(id)?.channelId === voice.id).length,
      (n) => n === present.length,
    );
    await termOf(sandbox.bot.client).voice.settled(guildId);
    clock.at += 35 * 60_000; // past the cohort's 30-minute threshold
    await command("end");

    await page.goto(`${cohortUrl}/sessions`);
    // Group 01 ran the session; the other groups' members are not recorded.
    const summary = `${present.length} present, 1 absent, 0 excused, 0 not recorded`;
    await page.getByRole("img", { name: `Group 01, session 1: ${summary}` }).waitFor();
    await page
      .getByRole("img", { name: new RegExp(`^Session 1: ${present.length} present, 1 absent,`) })
      .waitFor();
    await check("11-sessions-attendance");
  });

  it("takes a member's anonymous /report through the inbox: in review, a note, a warning", async () => {
    // The member reports in the local Discord, as in a Discord client: area, anonymity, the form.
    const general = (await control.guild(guildId)).channels.find((c) => c.name === "general")!;
    const answered = (s: InteractionState) => s.stage === "replied" || s.stage === "modal";
    const step = async (created: Promise<{ interactionId: string }>) =>
      control.waitForInteraction((await created).interactionId, answered, 15_000);
    const asked = await step(
      control.runCommand({ guildId, channelId: general.id, userId: memberId, name: "report" }),
    );
    const idOf = (state: InteractionState) => {
      const ids = JSON.stringify(state.original?.components ?? []).match(/"custom_id":"([^"]+)"/g) ?? [];
      return ids.map((m) => m.slice('"custom_id":"'.length, -1));
    };
    const message = (state: InteractionState) => ({
      channelId: state.original!.channel_id,
      messageId: state.original!.id,
      userId: memberId,
    });
    const chosen = await step(
      control.selectMenu({ ...message(asked), customId: idOf(asked)[0]!, values: ["fees"] }),
    );
    const form = await step(control.pressButton({ ...message(chosen), customId: idOf(chosen)[0]! })); // anonymous
    const receipt = await step(
      control.submitModal({
        userId: memberId,
        interactionId: form.id,
        values: { what: "A mentor asked me to pay for extra sessions.", involved: "" },
      }),
    );
    expect(receipt.original?.content).toContain("The organisers will not see your name.");

    await page.goto(`${base}/reports`);
    await page.getByRole("heading", { name: "Reports", exact: true }).waitFor();
    await page.getByRole("button", { name: "Read report #1" }).click();
    await page.getByText("A mentor asked me to pay for extra sessions.").waitFor();
    await page.getByText("Fees", { exact: true }).waitFor(); // the area by its name
    await expect(page.getByRole("definition").filter({ hasText: "anonymous" }).count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Mark in review" }).click();
    await page.getByLabel("Add a note (organisers only)").fill("Spoke to the mentor; first time.");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByText("Spoke to the mentor; first time.").waitFor();
    await check("15-report-open");
    await page.getByLabel("A warning").check();
    await page.getByRole("button", { name: "Decide: A warning" }).click();
    // Decided, the report leaves the open inbox; it shows under closed ones with its outcome.
    await page.getByText("No report here.").waitFor();
    await page.getByLabel("Show").selectOption({ label: "Closed" });
    await page.getByText("warning").first().waitFor();
    const audit = await (
      await page.request.get(`${sandbox.dashboardUrl}/api/communities/${guildId}/audit`)
    ).json();
    // The report's trail in the audit log (received, opened, in review, note, decided) never names the reporter.
    const trail = audit.entries.filter((e: { action: string }) => e.action.startsWith("report"));
    expect(trail.length).toBeGreaterThan(2);
    expect(JSON.stringify(trail)).not.toContain(memberId);
  });

  it("sets the organiser role and announcement channel by name, from the server the bot saw", async () => {
    const settingsApi = `${sandbox.dashboardUrl}/api/communities/${guildId}/settings`;
    const before = await (await page.request.get(settingsApi)).json();
    await page.goto(`${base}/settings`);
    await page.getByRole("heading", { name: "Settings of JuniorDev SG" }).waitFor();
    const role = page.getByLabel("Organiser role");
    await expect(role.evaluate((el) => el.tagName)).resolves.toBe("SELECT");
    await role.selectOption({ label: "@Mentors" });
    await page.getByLabel("Announcement channel").selectOption({ label: "#general" });
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    const saved = await (
      await page.request.get(`${sandbox.dashboardUrl}/api/communities/${guildId}/settings`)
    ).json();
    const guild = await control.guild(guildId);
    expect(saved).toMatchObject({
      organiserRoleId: guild.roles.find((r) => r.name === "Mentors")?.id,
      announcementChannelId: guild.channels.find((c) => c.name === "general")?.id,
    });
    // Put them back as the sandbox had them.
    await role.selectOption(before.organiserRoleId ?? "");
    await page.getByLabel("Announcement channel").selectOption(before.announcementChannelId ?? "");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(async () => (await page.request.get(settingsApi)).json()).toEqual(before);
  });

  it("shows every other page without a serious accessibility problem", async () => {
    for (const [name, url, heading] of [
      ["11-sessions-feedback", `${cohortUrl}/sessions`, "Attendance and feedback"],
      ["12-settings", `${base}/settings`, "Settings of JuniorDev SG"],
      ["13-code-of-conduct", `${base}/code-of-conduct`, "Code of conduct"],
      ["14-members", `${base}/members`, "Members"],
      ["15-reports", `${base}/reports`, "Reports"],
      ["16-audit", `${base}/audit`, "Audit log"],
    ] as const) {
      await page.goto(url);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await check(name);
    }
    await expect(page.getByText("applications.imported").count()).resolves.toBeGreaterThan(0);
    await page.goto(`${base}/members`);
    await page.getByLabel("Search by name or Discord id").fill("Mei");
    await page.getByRole("link", { name: "Export Mei Ling Tan's data" }).waitFor();
  });

  it("refuses a plain member", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in with Discord" }).waitFor();
    await logInAs(page, sandbox.dashboardUrl, memberId);
    await page.getByText("You are not an organiser of any community").waitFor();
    await check("17-member-home");
    await page.goto(`${base}/settings`);
    await page.getByRole("heading", { name: "Not an organiser here" }).waitFor();
    await check("18-member-refused");
    const api = await page.request.get(`${sandbox.dashboardUrl}/api/communities/${guildId}/cohorts`);
    expect(api.status()).toBe(403);
  });
});
