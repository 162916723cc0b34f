/**
 * `scheme://<user name and password>@`: the part of a URL that carries a credential. Up to the last
 * `@` before the host's end, so a password with an `@` in it is masked whole. One pattern for finding
 * such URLs in config and for masking them in every message.
 */
// Bounded (a scheme of at most 32 characters, a user name and password of at most 1,024): unbounded, a
// long value without "://" made the search retry from every letter, quadratic in its length.
const userinfo = String.raw`([a-z][a-z0-9+.-]{0,31}:\/\/)[^/?#\s"@]{0,1024}(?:@[^/?#\s"@]{0,1024}){0,16}@`;

/** Whether a config value is a URL with a user name or password in it. */
export function carriesUrlCredentials(value: string): boolean {
  return new RegExp(`^${userinfo}`, "i").test(value);
}

/** The text with every URL's user name and password replaced by ***. */
export function withoutUrlCredentials(text: string): string {
  return text.replace(new RegExp(userinfo, "gi"), "$1***@");
}
