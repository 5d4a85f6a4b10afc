import { escapeXml as escapeHtml } from '../../src/kernel/escape-xml.ts';

export { escapeHtml };

/**
 * The self-submitting form of SAML's HTTP-POST binding (IdP → IdS) and of the IdS relay step:
 * hidden inputs, a script that submits at once, and a button for browsers without scripts.
 */
export function autoPostPage(title: string, action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><form method="post" action="${escapeHtml(action)}">${inputs}<noscript><p>Script is disabled. Continue to finish signing in.</p><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script></body></html>`;
}
