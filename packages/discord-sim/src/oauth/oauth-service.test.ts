import { describe, expect, it } from "vitest";
import { clientCredentials } from "./client-credentials.ts";
import { OAuthError } from "./oauth-error.ts";
import { ACCESS_TOKEN_TTL_S, CODE_TTL_MS } from "./oauth-service.ts";
import { oauthWorld } from "./oauth-world.fixture.ts";

const oauthError = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof OAuthError) return { error: e.error, status: e.status, description: e.description };
    throw e;
  }
  throw new Error("expected an OAuthError");
};

describe("client credentials", () => {
  it("decodes HTTP Basic with form-urlencoded id and secret (RFC 6749 §2.3.1)", () => {
    const secret = "a:b c+d/é";
    const encoded = Buffer.from(`123:${encodeURIComponent(secret).replace(/%20/g, "+")}`).toString("base64");
    expect(clientCredentials({ authorization: `Basic ${encoded}` }, {})).toEqual({
      clientId: "123",
      clientSecret: secret,
    });
  });

  it("falls back to the body, and refuses neither", () => {
    expect(clientCredentials({}, { client_id: "1", client_secret: "s" })).toEqual({
      clientId: "1",
      clientSecret: "s",
    });
    expect(oauthError(() => clientCredentials({}, {}))).toMatchObject({
      error: "invalid_client",
      status: 401,
    });
  });
});

describe("OAuth service", () => {
  it("accepts a code until it is 10 minutes old", () => {
    const { clock, oauth, creds, redirect, code } = oauthWorld();
    const early = code();
    const late = code();
    clock.advance(CODE_TTL_MS - 1);
    expect(
      oauth.token({ grant_type: "authorization_code", code: early, redirect_uri: redirect }, creds)
        .token_type,
    ).toBe("Bearer");
    clock.advance(1);
    expect(
      oauthError(() =>
        oauth.token({ grant_type: "authorization_code", code: late, redirect_uri: redirect }, creds),
      ),
    ).toMatchObject({
      error: "invalid_grant",
      status: 400,
    });
  });

  it("lets an access token live 7 days; revoking by refresh token ends it", () => {
    const { clock, oauth, creds, redirect, code, person } = oauthWorld();
    const t = oauth.token({ grant_type: "authorization_code", code: code(), redirect_uri: redirect }, creds);
    expect(oauth.bearer(t.access_token)?.user_id).toBe(person.id);
    clock.advance(ACCESS_TOKEN_TTL_S * 1000);
    expect(oauth.bearer(t.access_token)).toBeNull();
    const t2 = oauth.token({ grant_type: "authorization_code", code: code(), redirect_uri: redirect }, creds);
    oauth.revoke({ token: t2.refresh_token }, creds);
    expect(oauth.bearer(t2.access_token)).toBeNull();
    expect(
      oauthError(() => oauth.token({ grant_type: "refresh_token", refresh_token: t2.refresh_token }, creds)),
    ).toMatchObject({
      error: "invalid_grant",
    });
  });

  it("keeps the granted scopes through a refresh", () => {
    const { oauth, creds, redirect, code } = oauthWorld();
    const t = oauth.token(
      { grant_type: "authorization_code", code: code("identify guilds"), redirect_uri: redirect },
      creds,
    );
    const r = oauth.token({ grant_type: "refresh_token", refresh_token: t.refresh_token }, creds);
    expect(r.scope).toBe("identify guilds");
    expect(oauth.bearer(r.access_token)?.scopes).toEqual(["identify", "guilds"]);
  });

  it("refuses a code issued to another application", () => {
    const { state, oauth, redirect, code } = oauthWorld();
    const other = state.createApplication({ name: "Other", ownerId: "1", redirectUris: [redirect] });
    const creds = { clientId: other.id, clientSecret: other.client_secret };
    expect(
      oauthError(() =>
        oauth.token({ grant_type: "authorization_code", code: code(), redirect_uri: redirect }, creds),
      ),
    ).toMatchObject({
      error: "invalid_grant",
    });
  });

  it("refuses a bot as the person logging in", () => {
    const { oauth, application, redirect } = oauthWorld();
    const request = oauth.parseAuthorize(
      new URLSearchParams({
        client_id: application.id,
        redirect_uri: redirect,
        response_type: "code",
        scope: "identify",
      }),
    );
    expect(oauthError(() => oauth.grant(request, application.bot_user_id))).toMatchObject({
      error: "invalid_request",
    });
  });
});
