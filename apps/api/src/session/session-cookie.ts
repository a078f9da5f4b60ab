import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";

// The session lives entirely in the cookie, encrypted and authenticated with AES-256-GCM, so any API
// process with the same SESSION_SECRET can serve any request (no session store). A changed, truncated
// or foreign cookie fails authentication and counts as no session.

export interface Session {
  userId: string;
  name: string;
  avatar: string | null;
  accessToken: string;
  refreshToken: string | null;
  /** Guild ids of the communities this person organises, as of `checkedAt`. */
  organises: string[];
  invitable: Array<{ id: string; name: string }>;
  /** When the organiser rights were last read from Discord (ms since the epoch). */
  checkedAt: number;
  /** The session ends here even if the browser keeps the cookie. */
  expiresAt: number;
}

export const SESSION_COOKIE = "circles_session";
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const VERSION = Buffer.from("v1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SessionCodec {
  // A KeyObject made once: a raw Buffer key is turned into one on every request.
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(
      Buffer.from(hkdfSync("sha256", secret, "circles", "session cookie aes-256-gcm", 32)),
    );
  }

  seal(session: Session): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(VERSION);
    // Stryker disable next-line StringLiteral: UTF-8 is the default encoding.
    const body = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The session, or undefined when the cookie is not one of ours, was altered, or has expired. */
  open(value: string | undefined, now: number): Session | undefined {
    if (!value) return undefined;
    const raw = Buffer.from(value, "base64url");
    // A value too short to hold an IV and a tag fails in setAuthTag or final(), as an altered one does.
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(VERSION);
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
      const session = JSON.parse(text) as Session;
      return typeof session.expiresAt === "number" && session.expiresAt > now ? session : undefined;
    } catch {
      // Altered, cut short or sealed with another key: not one of ours.
    }
    return undefined;
  }
}
