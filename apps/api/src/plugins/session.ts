import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";
import { SESSION_COOKIE, type Session, SessionCodec } from "../session/session-cookie.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The logged-in person, or null. */
    session: Session | null;
  }
  interface FastifyReply {
    saveSession(session: Session): FastifyReply;
    endSession(): FastifyReply;
  }
}

/** Reads the session cookie on every request; `reply.saveSession` / `endSession` write it. */
export const sessionPlugin = fp(async (app: FastifyInstance) => {
  const codec = new SessionCodec(app.authOptions.sessionSecret);
  const secure = app.authOptions.publicUrl.startsWith("https:");
  const cookieOptions = { path: "/", httpOnly: true, sameSite: "lax", secure } as const;
  await app.register(fastifyCookie);
  // Stryker disable next-line all: declares the property for V8's object shape; the hook below sets it on every request.
  app.decorateRequest("session", null);
  app.decorateReply("saveSession", function (this: FastifyReply, session: Session) {
    const maxAge = Math.max(0, Math.floor((session.expiresAt - app.now()) / 1000));
    return this.setCookie(SESSION_COOKIE, codec.seal(session), { ...cookieOptions, maxAge });
  });
  app.decorateReply("endSession", function (this: FastifyReply) {
    return this.clearCookie(SESSION_COOKIE, cookieOptions);
  });
  app.addHook("onRequest", async (request) => {
    request.session = codec.open(request.cookies[SESSION_COOKIE], app.now()) ?? null;
  });
});
