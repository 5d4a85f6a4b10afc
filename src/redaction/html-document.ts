import type { RedactionContext } from './redaction-context.ts';
import { sensitiveLabelFor } from './sensitive-names.ts';
import { redactText } from './free-text.ts';

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
/** Elements whose content is raw text up to the closing tag. */
const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
/** Attributes that carry a field's value (`content` for `<meta name="csrf-token">`). */
const VALUE_ATTRIBUTES: ReadonlySet<string> = new Set(['value', 'content']);

/** The attributes that say a form field holds a password, whatever its `type` is now. */
export function isPasswordField(attributes: ReadonlyMap<string, string>): boolean {
  if (attributes.get('type')?.toLowerCase() === 'password') return true;
  if (attributes.get('autocomplete')?.toLowerCase().includes('password')) return true;
  return ['name', 'id'].some((key) => sensitiveLabelFor(attributes.get(key) ?? '') === 'password');
}

/** The label a field's value gets: `password` for password fields, else its sensitive `name`. */
export function fieldValueLabel(attributes: ReadonlyMap<string, string>): string | undefined {
  if (isPasswordField(attributes)) return 'password';
  return sensitiveLabelFor(attributes.get('name') ?? '');
}

function redactTag(tag: string, attributeText: string, context: RedactionContext): string {
  const attributes = new Map<string, string>();
  for (const match of attributeText.matchAll(ATTRIBUTE)) {
    attributes.set((match[1] ?? '').toLowerCase(), match[3] ?? match[4] ?? match[5] ?? '');
  }
  const valueLabel = fieldValueLabel(attributes);
  return `<${tag}${attributeText.replace(ATTRIBUTE, (whole, name: string, equals: string, dq?: string, sq?: string, bare?: string) => {
    const value = dq ?? sq ?? bare ?? '';
    const redacted = valueLabel && VALUE_ATTRIBUTES.has(name.toLowerCase()) ? context.replace(valueLabel, value) : redactText(value, context);
    if (redacted === value) return whole;
    return sq !== undefined ? `${name}${equals}'${redacted}'` : `${name}${equals}"${redacted}"`;
  })}>`;
}

/**
 * HTML by its tags: `value` of password fields and of fields with a sensitive name (the IdP's
 * auto-post form: `<input type="hidden" name="SAMLResponse" value="…">`) replaced, every other
 * attribute value, text node, comment and inline script searched as text.
 */
export function redactHtml(html: string, context: RedactionContext): string {
  let out = '';
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) return out + redactText(html.slice(at), context);
    out += redactText(html.slice(at, open), context);
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      const end = close < 0 ? html.length : close;
      out += `<!--${redactText(html.slice(open + 4, end), context)}${close < 0 ? '' : '-->'}`;
      at = close < 0 ? html.length : close + 3;
      continue;
    }
    TAG.lastIndex = open;
    const tag = TAG.exec(html);
    if (!tag) {
      out += '<';
      at = open + 1;
      continue;
    }
    const [whole, slash = '', name = '', attributeText = ''] = tag;
    out += slash ? whole : redactTag(name, attributeText, context);
    at = open + whole.length;
    if (!slash && RAW_TEXT_ELEMENTS.has(name.toLowerCase())) {
      const close = html.toLowerCase().indexOf(`</${name.toLowerCase()}`, at);
      const end = close < 0 ? html.length : close;
      out += redactText(html.slice(at, end), context);
      at = end;
    }
  }
  return out;
}
