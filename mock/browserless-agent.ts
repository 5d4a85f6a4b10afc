import https from 'node:https';

/** One HTTP answer as the browserless agent saw it. */
export interface AgentResponse {
  status: number;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface BrowserlessAgentOptions {
  /** host → IP, as the browser's host-resolver rules map the lab's names. */
  hostMap: Record<string, string>;
  /** The lab certificate, trusted explicitly. */
  ca: string;
  /** A shared keep-alive agent for many simulated users; one of its own otherwise. */
  agent?: https.Agent;
}

/**
 * A cookie-jar HTTPS client that walks the SSO flow the way a browser does without running
 * pages: it follows redirects, keeps cookies per host, and submits the self-posting SAML and
 * relay forms. For HTTP-level tests and load runs of the mock lab; never for a real lab.
 */
export class BrowserlessAgent {
  private readonly jar = new Map<string, Map<string, string>>();
  /** `host name` of the cookies set with SameSite=None: the only ones a cross-site POST carries. */
  private readonly sameSiteNone = new Set<string>();
  private readonly agent: https.Agent;

  constructor(private readonly options: BrowserlessAgentOptions) {
    this.agent = options.agent ?? new https.Agent({ keepAlive: true, ca: options.ca });
  }

  cookies(host: string): Record<string, string> {
    return Object.fromEntries(this.jar.get(host) ?? []);
  }

  /** Drops session cookies, as closing the browser does (the mock sets no persistent ones it relies on). */
  forgetCookies(): void {
    this.jar.clear();
    this.sameSiteNone.clear();
  }

  /** Drops one cookie of one host, as a browser restart drops a session cookie that nothing sets again. */
  forgetCookie(host: string, name: string): void {
    this.jar.get(host)?.delete(name);
  }

  /** `initiator`: the page a form POST comes from; from another site, only SameSite=None cookies go along (as Chromium does). */
  request(method: string, url: string, init: { body?: string; headers?: Record<string, string>; initiator?: string } = {}): Promise<AgentResponse> {
    const target = new URL(url);
    const address = this.options.hostMap[target.hostname];
    if (!address) return Promise.reject(new Error(`host ${target.hostname} is not a lab host`));
    const crossSitePost = method === 'POST' && init.initiator !== undefined && siteOf(new URL(init.initiator).hostname) !== siteOf(target.hostname);
    const headers: Record<string, string | number> = { ...this.baseHeaders(target, crossSitePost), ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    return new Promise((resolve, reject) => {
      const request = https.request(
        {
          agent: this.agent,
          host: address,
          port: target.port,
          path: target.pathname + target.search,
          method,
          headers,
          servername: target.hostname,
          ca: this.options.ca,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            this.store(target.hostname, response.headers['set-cookie']);
            resolve({ status: response.statusCode ?? 0, url, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });
  }

  /** A GET whose answer stays open (an event stream), on its own connection; resolves once the headers came, with a way to drop it. */
  openStream(url: string): Promise<{ status: number; close: () => void }> {
    const target = new URL(url);
    const address = this.options.hostMap[target.hostname];
    if (!address) return Promise.reject(new Error(`host ${target.hostname} is not a lab host`));
    return new Promise((resolve, reject) => {
      const request = https.request(
        {
          agent: false,
          host: address,
          port: target.port,
          path: target.pathname + target.search,
          method: 'GET',
          headers: this.baseHeaders(target),
          servername: target.hostname,
          ca: this.options.ca,
        },
        (response) => resolve({ status: response.statusCode ?? 0, close: () => request.destroy() }),
      );
      request.on('error', reject);
      request.end();
    });
  }

  private baseHeaders(target: URL, crossSitePost = false): Record<string, string> {
    const sent = [...(this.jar.get(target.hostname) ?? [])].filter(([name]) => !crossSitePost || this.sameSiteNone.has(`${target.hostname} ${name}`));
    const cookie = sent.map(([name, value]) => `${name}=${value}`).join('; ');
    return { host: target.host, ...(cookie ? { cookie } : {}) };
  }

  /** Form POST (`application/x-www-form-urlencoded`). */
  post(url: string, form: Record<string, string>, initiator?: string): Promise<AgentResponse> {
    return this.request('POST', url, {
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(initiator === undefined ? {} : { initiator }),
    });
  }

  /** GET, then follow redirects and self-submitting forms until a page that needs a person (or JSON) comes back. */
  async navigate(url: string, maxHops = 20): Promise<AgentResponse> {
    let response = await this.request('GET', url);
    for (let hop = 0; hop < maxHops; hop += 1) {
      const location = response.headers.location;
      if (response.status >= 300 && response.status < 400 && typeof location === 'string') {
        response = await this.request('GET', new URL(location, response.url).href);
        continue;
      }
      const form = autoPostForm(response.body);
      if (!form) return response;
      response = await this.post(new URL(form.action, response.url).href, form.fields, response.url);
    }
    throw new Error(`more than ${maxHops} redirects from ${url}`);
  }

  /** The whole SSO sign-in from the desktop URL: IdS authorize, the IdP form, SAML post, relay, back to Finesse. */
  async signIn(desktopUrl: string, userName: string, password: string): Promise<AgentResponse> {
    const page = await this.navigate(desktopUrl);
    const form = /<form method="post" id="loginForm"[^>]*action="([^"]+)"/.exec(page.body);
    if (!form) return page;
    const action = new URL(form[1]!.replace(/&amp;/g, '&').replace(/&#38;/g, '&'), page.url).href;
    const answer = await this.post(action, { UserName: userName, Password: password, AuthMethod: 'FormsAuthentication' });
    const next = autoPostForm(answer.body);
    if (!next) return answer;
    let response = await this.post(new URL(next.action, answer.url).href, next.fields, answer.url);
    for (let hop = 0; hop < 10; hop += 1) {
      const nextForm = autoPostForm(response.body);
      const location = response.headers.location;
      if (nextForm) response = await this.post(new URL(nextForm.action, response.url).href, nextForm.fields, response.url);
      else if (response.status >= 300 && response.status < 400 && typeof location === 'string')
        response = await this.request('GET', new URL(location, response.url).href);
      else return response;
    }
    return response;
  }

  private store(host: string, setCookie: string[] | undefined): void {
    for (const header of setCookie ?? []) {
      const [pair, ...attributes] = header.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const cookies = this.jar.get(host) ?? new Map<string, string>();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
      if (attributes.some((attribute) => /^\s*samesite=none\s*$/i.test(attribute))) this.sameSiteNone.add(`${host} ${name}`);
      else this.sameSiteNone.delete(`${host} ${name}`);
      this.jar.set(host, cookies);
    }
  }
}

/** The registrable domain as the Public Suffix List's default rule makes it for the lab's names: the last two labels. */
function siteOf(host: string): string {
  return host.split('.').slice(-2).join('.');
}

const unescapeHtml = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

/** The mock's self-submitting forms: `<form method="post" action="…">` with hidden inputs and a submit script. */
export function autoPostForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!html.includes('document.forms[0].submit()')) return undefined;
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[unescapeHtml(match[1]!)] = unescapeHtml(match[2]!);
  return { action: unescapeHtml(action), fields };
}
