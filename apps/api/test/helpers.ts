import {
  type DatabaseHandle,
  type JobQueue,
  MemberService,
  startJobQueue,
  stopJobQueue,
} from "@circles/core";
import { createTestCommunity, createTestDatabase, testSnowflake } from "@circles/core/testing";
import type { FastifyInstance, InjectOptions } from "fastify";
import type { AuthOptions } from "../src/config.ts";
import {
  SESSION_COOKIE,
  SESSION_LIFETIME_MS,
  type Session,
  SessionCodec,
} from "../src/session/session-cookie.ts";
import { buildApi } from "../src/start.ts";

export const PUBLIC_URL = "http://127.0.0.1:3000";
export const TEST_AUTH: AuthOptions = {
  clientId: "123456789012345678",
  clientSecret: "test-secret",
  // Nothing listens there: a test that reaches Discord by mistake fails loudly.
  discordApiUrl: "http://127.0.0.1:9/api",
  publicUrl: PUBLIC_URL,
  sessionSecret: "a test secret that is long enough, really",
};

/** A clock the tests move by hand. */
export class TestClock {
  constructor(public ms = Date.parse("2026-09-01T10:00:00Z")) {}
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

/** The API on a fresh test database; `jobs`: with the bot's job queue (pg-boss) on that database. */
export async function startTestApi(
  options: { auth?: Partial<AuthOptions>; clock?: TestClock; jobs?: boolean; dashboardDir?: string } = {},
) {
  const database = await createTestDatabase();
  const clock = options.clock ?? new TestClock();
  const jobs: JobQueue | undefined = options.jobs ? await startJobQueue(database) : undefined;
  const api = await buildApi({
    database,
    logLevel: "silent",
    auth: { ...TEST_AUTH, ...options.auth },
    now: clock.now,
    jobs,
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  /** Closes the API, the job queue and the database, in that order. */
  const close = async () => {
    await api.close();
    if (jobs) await stopJobQueue(jobs);
    await database.close();
  };
  return { api, database, clock, jobs, close };
}

export interface Person {
  userId: string;
  name: string;
  organises: string[];
}

/** A session cookie made directly, as the login would (fastify/demo's injectWithLogin). */
export function sessionCookie(person: Person, clock: TestClock, secret = TEST_AUTH.sessionSecret): string {
  const session: Session = {
    userId: person.userId,
    name: person.name,
    avatar: null,
    accessToken: "test-access-token",
    refreshToken: null,
    organises: person.organises,
    invitable: [],
    checkedAt: clock.now(),
    expiresAt: clock.now() + SESSION_LIFETIME_MS,
  };
  return `${SESSION_COOKIE}=${new SessionCodec(secret).seal(session)}`;
}

/** `api.inject` as this person (null: logged out), from the dashboard's origin. */
export function injectAs(
  api: FastifyInstance,
  clock: TestClock,
  person: Person | null,
  options: InjectOptions,
) {
  return api.inject({
    ...options,
    headers: {
      origin: PUBLIC_URL,
      ...(person ? { cookie: sessionCookie(person, clock) } : {}),
      ...options.headers,
    },
  });
}

/** A community with an organiser (a member, so their name shows in the audit log). */
export async function organisedCommunity(database: DatabaseHandle, memberCount = 0) {
  const community = await createTestCommunity(database.db, memberCount);
  const organiser: Person = { userId: testSnowflake(), name: "Mei Ling", organises: [community.guildId] };
  await new MemberService(database.db).ensureInCommunity(community.guildId, {
    userId: organiser.userId,
    displayName: organiser.name,
  });
  return { ...community, organiser };
}
