/**
 * The browser may reach the lab's hosts and nothing else. Enforced in Chromium's resolver, not by
 * request routing (any route switches the HTTP cache off and hides the defect): every host outside
 * the list resolves to nothing, so no byte is sent there.
 */

/** Whether `host` is one of `allowed`: an exact name, or under a `*.domain` entry. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((entry) => (entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry));
}

/**
 * `--host-resolver-rules` for an allow-list: mapped hosts first, then every other host to
 * ~NOTFOUND except the allowed ones. Chromium checks EXCLUDE rules only once a MAP rule has
 * matched, and takes the first matching MAP, so a mapped host must not also be excluded.
 */
export function hostResolverRules(hostMap: Record<string, string>, allowedHosts: readonly string[]): string {
  const mapped = Object.entries(hostMap).map(([host, ip]) => `MAP ${host} ${ip.includes(':') ? `[${ip}]` : ip}`);
  const excluded = allowedHosts.filter((host) => !(host in hostMap)).map((host) => `EXCLUDE ${host}`);
  return [...mapped, 'MAP * ~NOTFOUND', ...excluded].join(',');
}

/** A request to a host outside the allow-list: the run stops. Names the origin only (a URL's query may carry SAML or codes). */
export class HostNotAllowedError extends Error {
  readonly host: string;
  constructor(url: URL, allowedHosts: readonly string[]) {
    super(
      `The browser tried to reach ${url.host} (${url.origin}), which is not in the allowed hosts (LAB_ALLOWED_HOSTS: ${allowedHosts.join(', ')}). ` +
        'Its resolver refused the name, so nothing was sent there; the run stops. If the host belongs to the lab, add it to LAB_ALLOWED_HOSTS.',
    );
    this.name = 'HostNotAllowedError';
    this.host = url.hostname;
  }
}
