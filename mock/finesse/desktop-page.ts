import { readFileSync } from 'node:fs';
import { escapeHtml } from '../http/html.ts';
import type { DesktopTraits } from '../settings.ts';
import { DESKTOP_LOG, DESKTOP_LOG_COMPONENT, type DesktopLogMessage } from '../../src/kernel/desktop-log.ts';

/** The desktop's behaviour, in plain browser JavaScript, served as /desktop/assets/desktop.js. */
export const DESKTOP_SCRIPT = readFileSync(new URL('./assets/desktop.js', import.meta.url), 'utf8');

export interface DesktopConfig {
  tokenStorage: string;
  refreshAtFraction: number;
  maxRetries: number;
  retryIntervalMs: number;
  graceMs: number;
  bannerText: string;
  traits: DesktopTraits;
}

/** What the page's script needs of the catalog: each sentence's template, and the component they are logged under. */
export interface DesktopLogConfig {
  component: string;
  templates: Record<DesktopLogMessage, string>;
}

const LOG_CONFIG: DesktopLogConfig = {
  component: DESKTOP_LOG_COMPONENT,
  templates: Object.fromEntries(Object.entries(DESKTOP_LOG).map(([message, { template }]) => [message, template])) as Record<DesktopLogMessage, string>,
};

const STYLE =
  'body{font-family:Arial,sans-serif;margin:0;background:#eef1f4}header{display:flex;gap:16px;align-items:center;background:#1c2833;color:#fff;padding:8px 16px}' +
  'header h1{font-size:16px;margin:0 auto 0 0}main{padding:24px}[role=alert]{background:#fcebcf;border:1px solid #e0a030;padding:12px;margin:12px 16px}' +
  'section{background:#fff;padding:16px;max-width:420px}label{display:block;margin:8px 0 4px}button{margin-top:12px}' +
  '.toast{position:fixed;bottom:16px;right:16px;background:#333;color:#fff;padding:10px 14px;border-radius:4px}';

/** The header's agent: a labelled name (the standard desktop), or plain text next to the extension. */
function identityHtml(traits: DesktopTraits): string {
  if (traits.identity === 'labelled-name')
    return '<span aria-label="Agent name" id="agent-name"></span><span role="status" aria-label="Agent state" id="agent-state"></span>';
  return '<div class="agent"><span id="agent-name"></span> <span id="agent-extension"></span></div><span id="agent-state"></span>';
}

/** The session banner: an alert with a timer, or a toast without any role (its countdown, if any, plain text). */
function bannerHtml(traits: DesktopTraits): string {
  if (traits.banner === 'alert')
    return `<div role="alert" id="session-banner" hidden><span id="banner-text"></span> ${traits.countdown === 'timer' ? '<span role="timer" aria-label="Time until sign-out" id="banner-countdown"></span>' : '<span id="banner-countdown"></span>'}</div>`;
  return '<div class="toast" id="session-banner" hidden><span id="banner-text"></span> <span id="banner-countdown"></span></div>';
}

/** `hostile`: what a hostile lab adds to the page (mock/hostile/carriers.ts), with its script. */
export function desktopPage(config: DesktopConfig, hostile?: { head: string; body: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cisco Finesse</title><style>${STYLE}</style>${hostile ? `${hostile.head}<script src="/desktop/assets/hostile.js" defer></script>` : ''}
<script id="desktop-config" type="application/json">${JSON.stringify({ ...config, log: LOG_CONFIG }).replace(/</g, '\\u003c')}</script>
<script src="/desktop/assets/desktop.js" defer></script></head><body>
${hostile?.body ?? ''}<header hidden><h1>Cisco Finesse</h1>${identityHtml(config.traits)}
<label for="state-select" style="margin:0">State</label><select id="state-select"><option value="NOT_READY">Not Ready</option><option value="READY">Ready</option></select>
<button type="button" id="error-report">Send Error Report</button><button type="button" id="sign-out">Sign Out</button></header>
${bannerHtml(config.traits)}
<main><p id="loading">Loading the desktop...</p>
<section id="extension-sign-in" hidden><h2>Sign in to your phone</h2><form id="extension-form"><label for="extension">Extension</label><input id="extension" name="extension" inputmode="numeric" autocomplete="off" required>
<p role="alert" id="extension-error" hidden></p><button type="submit">Sign In</button></form></section>
<section id="workspace" hidden><h2>Home</h2><p>No active calls.</p><p role="status" id="report-status"></p></section>
</main></body></html>`;
}

const SIGNED_OUT_REASONS: Record<string, string> = {
  user: 'You have signed out of the desktop.',
  'session-refresh-failed': 'You have been signed out because your signed-in session could not be kept active.',
};

export function signedOutPage(reason: string): string {
  const text = SIGNED_OUT_REASONS[reason] ?? 'You have been signed out.';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out - Cisco Finesse</title><style>${STYLE}</style></head><body><main><section>
<h1>Signed out</h1><p id="signed-out-reason">${escapeHtml(text)}</p><p><a href="/desktop">Sign in again</a></p></section></main></body></html>`;
}

/** `/desktop/sso/test`: the documented HTML that reports the result to its opener with postMessage. */
export function ssoTestPage(result: { status: string; errorMessage: string }, userId?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSO Test</title></head><body><h1>SSO Test</h1>
<p>Status: ${escapeHtml(result.status)}</p>${userId ? `<p>User: ${escapeHtml(userId)}</p>` : ''}${result.errorMessage ? `<p>Error: ${escapeHtml(result.errorMessage)}</p>` : ''}
<script>(window.opener || window.parent).postMessage(${JSON.stringify(result)}, '*')</script></body></html>`;
}
