/**
 * Which field, header, parameter or cookie names carry secrets, and the label a redacted value
 * gets. Names are compared case- and separator-insensitively (`refresh_token`, `refresh-token`,
 * `refreshToken` and `Refresh-Token` are one name), because the regex sanitizers of
 * reliability-security §1.3 leaked exactly on `refresh-token=`, `Password=` and `#access_token=`.
 */

/** Lower case with every separator removed: the form names are compared in. */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Exact names (normalized) → label. The union of the Cloudflare, Google and Okta sanitizer word
 * lists (reliability-security §1.2), the OAuth/OIDC names those lists miss (`refresh_token`), and
 * the Finesse/IdS names: the refresh API posts `token=<access>&refresh-token=<refresh>`, the IdS
 * relay carries `uniqueId`.
 */
const EXACT_NAMES: ReadonlyMap<string, string> = new Map([
  // OAuth 2.0 / OIDC and the Finesse/IdS token names.
  ['accesstoken', 'access-token'],
  ['token', 'access-token'],
  ['refreshtoken', 'refresh-token'],
  ['idtoken', 'id-token'],
  ['idtokenhint', 'id-token'],
  ['code', 'code'],
  ['state', 'state'],
  ['codeverifier', 'code-verifier'],
  ['codechallenge', 'code-challenge'],
  ['challenge', 'challenge'],
  ['clientsecret', 'client-secret'],
  ['clientid', 'client-id'],
  ['assertion', 'assertion'],
  ['uniqueid', 'unique-id'],
  ['jwt', 'jwt'],
  // SAML.
  ['samlrequest', 'saml-request'],
  ['samlresponse', 'saml-response'],
  ['samlart', 'saml-artifact'],
  ['relaystate', 'relay-state'],
  // HTTP credentials.
  ['authorization', 'authorization'],
  ['proxyauthorization', 'authorization'],
  ['auth', 'authorization'],
  ['cookie', 'cookie'],
  ['setcookie', 'cookie'],
  // Passwords and one-time codes.
  ['password', 'password'],
  ['passwd', 'password'],
  ['pwd', 'password'],
  ['passcode', 'password'],
  ['otp', 'password'],
  // The rest of the Cloudflare/Google lists (vendor session and anti-abuse fields, e-mail).
  ['email', 'email'],
  ['appid', 'app-id'],
  ['facetid', 'facet-id'],
  ['fcparams', 'fc-params'],
  ['serverdata', 'server-data'],
  ['shdf', 'shdf'],
  ['usg', 'usg'],
  ['vses2', 'vses2'],
  ['xclientdata', 'x-client-data'],
]);

/**
 * Name endings that mark a secret whatever the prefix (`X-Auth-Token`, `csrfToken`,
 * `JSESSIONID`, `x-api-key`, `new_password`): a fixed list can never name every vendor field.
 */
const SECRET_ENDINGS: readonly string[] = ['token', 'secret', 'password', 'passwd', 'sessionid', 'apikey', 'privatekey', 'credential', 'credentials'];

/** Readable label for a name matched by its ending: `X-Auth-Token` → `x-auth-token`. */
function labelFromName(name: string): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return kebab.slice(0, 40) || 'secret';
}

/** The redaction label for a sensitive name, or `undefined` when the name carries no secret. */
export function sensitiveLabelFor(name: string): string | undefined {
  const normalized = normalizeFieldName(name);
  if (normalized === '') return undefined;
  const exact = EXACT_NAMES.get(normalized);
  if (exact) return exact;
  if (normalized.includes('password')) return 'password';
  return SECRET_ENDINGS.some((ending) => normalized.endsWith(ending)) ? labelFromName(name) : undefined;
}

/** Names whose value is a cookie string to parse rather than one opaque secret. */
export function isCookieHeaderName(name: string): boolean {
  return normalizeFieldName(name) === 'cookie';
}

export function isSetCookieHeaderName(name: string): boolean {
  return normalizeFieldName(name) === 'setcookie';
}

/** Names whose value is `<scheme> <credential>`: the scheme is kept, the credential replaced. */
export function isAuthorizationName(name: string): boolean {
  const normalized = normalizeFieldName(name);
  return normalized === 'authorization' || normalized === 'proxyauthorization';
}
