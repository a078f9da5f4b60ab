import type { RouteResult } from "../http/router.ts";

/** RFC 6749 error codes, as Discord's token endpoint answers them. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope";

/** An OAuth2 error: `{"error", "error_description"}` (not Discord's `{code, message}` shape). */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === "invalid_client" ? 401 : 400,
  ) {
    super(description);
  }

  toResult(): RouteResult {
    return { status: this.status, body: { error: this.error, error_description: this.description } };
  }
}

/** Runs an OAuth handler and answers its OAuthError in the OAuth shape. */
export function answerOAuth(run: () => RouteResult): RouteResult {
  try {
    return run();
  } catch (error) {
    if (error instanceof OAuthError) return error.toResult();
    throw error;
  }
}
