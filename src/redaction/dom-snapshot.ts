import type { RedactionContext } from './redaction-context.ts';
import { isJsonObject } from './json-object.ts';
import { fieldValueLabel, isPasswordField } from './html-document.ts';
import { redactText } from './free-text.ts';

/**
 * Playwright trace DOM snapshots (`frame-snapshot` events). A node is a text string, a reference
 * to a node of an earlier snapshot (`[[snapshotsAgo, index]]`, no content), or
 * `[TAG, attributes?, ...children]`. The snapshotter stores the live value of every input in
 * `__playwright_value_`, password fields included (reliability-security §1.4).
 */
const LIVE_VALUE = '__playwright_value_';
const ACTION_TARGET = '__playwright_target__';
const FORM_FIELDS: ReadonlySet<string> = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const VALUE_ATTRIBUTES: ReadonlySet<string> = new Set([LIVE_VALUE, 'value']);

type Attributes = Record<string, unknown>;

interface Element {
  tag: string;
  attributes: Attributes | undefined;
  children: unknown[];
}

function asElement(node: unknown): Element | undefined {
  if (!Array.isArray(node) || typeof node[0] !== 'string') return undefined;
  const attributes = isJsonObject(node[1]) ? node[1] : undefined;
  return { tag: node[0], attributes, children: node.slice(attributes ? 2 : 1) };
}

function attributeMap(attributes: Attributes | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(attributes ?? {})) if (typeof value === 'string') map.set(key.toLowerCase(), value);
  return map;
}

/**
 * Password fields get their values blanked (a reader sees an empty field, as on screen); fields
 * with a sensitive name (a hidden `SAMLResponse`) get a replacement; every other attribute value
 * is searched as text.
 */
function redactAttributes(tag: string, attributes: Attributes, context: RedactionContext): Attributes {
  const map = attributeMap(attributes);
  const isField = FORM_FIELDS.has(tag.toUpperCase());
  const password = isField && isPasswordField(map);
  const label = isField ? fieldValueLabel(map) : undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => {
      if (typeof value !== 'string') return [key, value];
      if (VALUE_ATTRIBUTES.has(key) && password) return [key, context.blank('password', value)];
      if (VALUE_ATTRIBUTES.has(key) && label) return [key, context.replace(label, value)];
      return [key, redactText(value, context)];
    }),
  );
}

export function redactDomNode(node: unknown, context: RedactionContext): unknown {
  if (typeof node === 'string') return redactText(node, context);
  const element = asElement(node);
  if (!element) return node;
  const children = element.children.map((child) => redactDomNode(child, context));
  return element.attributes ? [element.tag, redactAttributes(element.tag, element.attributes, context), ...children] : [element.tag, ...children];
}

/** Attributes of the elements an action was aimed at (marked in the action's snapshot). */
export function findActionTargets(node: unknown): Map<string, string>[] {
  const element = asElement(node);
  if (!element) return [];
  const own = element.attributes && ACTION_TARGET in element.attributes ? [attributeMap(element.attributes)] : [];
  return [...own, ...element.children.flatMap(findActionTargets)];
}
