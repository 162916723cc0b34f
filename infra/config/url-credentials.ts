/**
 * `scheme://<user name and password>@`: the part of a URL that carries a credential. Up to the last
 * `@` before the host's end, so a password with an `@` in it is masked whole. One pattern for finding
 * such URLs in config and for masking them in every message.
 */
const userinfo = String.raw`([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"]*@`;

/** Whether a config value is a URL with a user name or password in it. */
export function carriesUrlCredentials(value: string): boolean {
  return new RegExp(`^${userinfo}`, "i").test(value);
}

/** The text with every URL's user name and password replaced by ***. */
export function withoutUrlCredentials(text: string): string {
  return text.replace(new RegExp(userinfo, "gi"), "$1***@");
}
