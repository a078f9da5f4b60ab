import { randomBytes } from "node:crypto";
import type { Clock } from "../state/clock.ts";
import type { State } from "../state/store.ts";
import type { ApplicationRecord, OAuthTokenRecord } from "../state/types.ts";
import type { ClientCredentials } from "./client-credentials.ts";
import { OAuthError } from "./oauth-error.ts";

/** An authorization code is good for one exchange within 10 minutes (Discord's lifetime). */
export const CODE_TTL_MS = 10 * 60_000;
/** Access tokens: 7 days, as Discord issues them. */
export const ACCESS_TOKEN_TTL_S = 7 * 24 * 3600;

/** Scopes Discord grants through the code flow that the simulator knows. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  "identify",
  "email",
  "guilds",
  "guilds.members.read",
  "guilds.join",
  "connections",
  "openid",
  "role_connections.write",
  "applications.commands",
]);

export interface AuthorizeRequest {
  application: ApplicationRecord;
  redirectUri: string;
  scopes: string[];
  state: string | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
}

const opaque = (): string => randomBytes(20).toString("base64url");

/** OAuth2 code grant over the simulator's state: authorize, exchange, refresh, revoke, bearer lookup. */
export class OAuthService {
  constructor(
    private readonly state: State,
    private readonly clock: Clock,
  ) {}

  /** Checks the authorize query (client_id, redirect_uri, response_type, scope). */
  parseAuthorize(query: URLSearchParams): AuthorizeRequest {
    const clientId = query.get("client_id");
    if (!clientId) throw new OAuthError("invalid_request", 'Missing "client_id" in request.');
    const application = this.state.applications.get(clientId);
    if (!application) throw new OAuthError("invalid_client", `Unknown application "${clientId}".`, 400);
    const redirectUri = this.resolveRedirectUri(application, query.get("redirect_uri"));
    const responseType = query.get("response_type");
    if (responseType !== "code") {
      throw new OAuthError(
        "unsupported_response_type",
        responseType
          ? `response_type "${responseType}" is not supported; use "code".`
          : 'Missing "response_type" in request.',
      );
    }
    const scopes = parseScopes(query.get("scope"));
    return { application, redirectUri, scopes, state: query.get("state") };
  }

  /** Grants a code to `userId` and gives the URL to send the browser back to. */
  grant(request: AuthorizeRequest, userId: string): string {
    if (!this.state.users.has(userId) || this.state.users.get(userId)?.bot) {
      throw new OAuthError("invalid_request", `login_as: no such (non-bot) user "${userId}".`);
    }
    const code = opaque();
    this.state.oauthCodes.set(code, {
      code,
      application_id: request.application.id,
      user_id: userId,
      redirect_uri: request.redirectUri,
      scopes: request.scopes,
      expires_at: this.clock.now() + CODE_TTL_MS,
      used: false,
    });
    return redirectTo(request.redirectUri, { code, state: request.state });
  }

  /** Where to send the browser when the person declines (RFC 6749 §4.1.2.1). */
  deny(request: AuthorizeRequest): string {
    return redirectTo(request.redirectUri, {
      error: "access_denied",
      error_description: "The resource owner or authorization server denied the request",
      state: request.state,
    });
  }

  /** `POST /oauth2/token` with the form already parsed. */
  token(form: Record<string, string>, credentials: ClientCredentials): TokenResponse {
    const application = this.authenticateClient(credentials);
    const grantType = form.grant_type;
    if (grantType === "authorization_code") return this.exchangeCode(application, form);
    if (grantType === "refresh_token") return this.refresh(application, form);
    if (!grantType) throw new OAuthError("invalid_request", 'Missing "grant_type" in request.');
    throw new OAuthError("unsupported_grant_type", `Unsupported grant_type "${grantType}".`);
  }

  /** `POST /oauth2/token/revoke`: revokes the grant the token belongs to; unknown tokens are fine (RFC 7009). */
  revoke(form: Record<string, string>, credentials: ClientCredentials): void {
    const application = this.authenticateClient(credentials);
    const token = form.token;
    if (!token) throw new OAuthError("invalid_request", 'Missing "token" in request.');
    const record = this.state.oauthTokens.get(token) ?? this.byRefreshToken(token);
    if (record && record.application_id === application.id) record.revoked = true;
  }

  /** The live token for `Authorization: Bearer <token>`, or null. */
  bearer(accessToken: string): OAuthTokenRecord | null {
    const record = this.state.oauthTokens.get(accessToken);
    if (!record || record.revoked || this.clock.now() >= record.expires_at) return null;
    return record;
  }

  private exchangeCode(application: ApplicationRecord, form: Record<string, string>): TokenResponse {
    if (!form.code) throw new OAuthError("invalid_request", 'Missing "code" in request.');
    const code = this.state.oauthCodes.get(form.code);
    if (!code || code.used || code.application_id !== application.id || this.clock.now() >= code.expires_at) {
      throw new OAuthError("invalid_grant", 'Invalid "code" in request.');
    }
    if ((form.redirect_uri ?? "") !== code.redirect_uri) {
      throw new OAuthError("invalid_grant", 'Invalid "redirect_uri" in request.');
    }
    code.used = true;
    return this.issue(application.id, code.user_id, code.scopes);
  }

  private refresh(application: ApplicationRecord, form: Record<string, string>): TokenResponse {
    if (!form.refresh_token) throw new OAuthError("invalid_request", 'Missing "refresh_token" in request.');
    const old = this.byRefreshToken(form.refresh_token);
    if (!old || old.revoked || old.application_id !== application.id) {
      throw new OAuthError("invalid_grant", 'Invalid "refresh_token" in request.');
    }
    // Discord rotates: the old pair stops working once refreshed.
    old.revoked = true;
    return this.issue(application.id, old.user_id, old.scopes);
  }

  private issue(applicationId: string, userId: string, scopes: string[]): TokenResponse {
    const record: OAuthTokenRecord = {
      access_token: opaque(),
      refresh_token: opaque(),
      application_id: applicationId,
      user_id: userId,
      scopes,
      expires_at: this.clock.now() + ACCESS_TOKEN_TTL_S * 1000,
      revoked: false,
    };
    this.state.oauthTokens.set(record.access_token, record);
    return {
      access_token: record.access_token,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_token: record.refresh_token,
      scope: scopes.join(" "),
    };
  }

  private byRefreshToken(refreshToken: string): OAuthTokenRecord | undefined {
    for (const record of this.state.oauthTokens.values())
      if (record.refresh_token === refreshToken) return record;
    return undefined;
  }

  private authenticateClient(credentials: ClientCredentials): ApplicationRecord {
    const application = this.state.applications.get(credentials.clientId);
    if (!application || application.client_secret !== credentials.clientSecret) {
      throw new OAuthError("invalid_client", "Invalid client credentials.");
    }
    return application;
  }

  /** redirect_uri is required and must be registered for the app (Discord refuses anything else). */
  private resolveRedirectUri(application: ApplicationRecord, given: string | null): string {
    if (!given) throw new OAuthError("invalid_request", 'Missing "redirect_uri" in request.');
    if (!application.redirect_uris.includes(given)) {
      throw new OAuthError(
        "invalid_request",
        `Invalid OAuth2 redirect_uri: "${given}" is not registered for this application.`,
      );
    }
    return given;
  }
}

function parseScopes(raw: string | null): string[] {
  const scopes = (raw ?? "").split(/[\s+]+/).filter((s) => s.length > 0);
  if (scopes.length === 0) throw new OAuthError("invalid_scope", 'Missing "scope" in request.');
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length > 0) throw new OAuthError("invalid_scope", `Invalid scope(s): ${unknown.join(", ")}.`);
  return [...new Set(scopes)];
}

function redirectTo(uri: string, params: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}
