/** Credentials were presented but are not valid (malformed, unknown, revoked, expired, wrong audience …): 401, never retry as is. */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
}

/** No credentials where they are required (anonymous access off, or an account route): 401. */
export class MissingCredentialsError extends Error {
  override readonly name = 'MissingCredentialsError';
}
