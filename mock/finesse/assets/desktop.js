// The mock Finesse agent desktop. It keeps the behaviour the seed (TAC 212067) shows: it takes its
// tokens from GET /desktop/sso/token, schedules a refresh at 75 % of the lifetime counted from the
// token response's Date header (INFERRED: no source says which time the desktop counts from; a cached
// answer's old Date explains the seed's immediate refresh, reference §1.5), retries a failed refresh three times about 60 s apart, then shows
// the warning banner and signs the agent out 10 minutes later (trying on meanwhile while the IdS is
// unreachable); a refresh token that expired sends the agent through the IdS/IdP sign-in again. One-shot timers (setTimeout) carry
// every protocol step; the countdown is the only interval, so a test clock can step event to event.
(() => {
  'use strict';

  const config = JSON.parse(document.getElementById('desktop-config').textContent);
  const clientId = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  const STORAGE_KEY = 'finesse.sso.token';
  const COOKIE_NAME = 'finesse_sso_token';
  const REAUTHENTICATING_KEY = 'finesse.sso.reauthenticating';
  // INFERRED: the desktop keeps its client log in the browser until Send Error Report uploads it (DocWiki "Workflows:
  // Analyzing client logs": client logs reach the server through Send Error Report). One key per tab: tabs do not share.
  const LOG_KEY_PREFIX = 'finesse.clientlog.';
  const LOG_KEY = `${LOG_KEY_PREFIX}${clientId}`;
  // ClientLog API: logData must not exceed 1,048,576 characters (DevNet, ClientLog API parameters).
  const MAX_LOG_DATA = 1048576;
  const byId = (id) => document.getElementById(id);
  let userId = '';
  let signedInExtension = '';

  // --- client log, in the seed's browser-time format: "Mar 25 2017 05:18:27.618 -0500" -------------
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value, width = 2) => String(value).padStart(width, '0');
  function browserTime(date) {
    const offset = -date.getTimezoneOffset();
    const sign = offset >= 0 ? '+' : '-';
    const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
    return `${MONTHS[date.getMonth()]} ${pad(date.getDate())} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)} ${zone}`;
  }
  // The line's first time is the Finesse server's: the seed's two times of one line are 8 ms apart while the agent's
  // clock may be minutes off. INFERRED: the desktop learns the server's clock from the Date of answers no cache can
  // give (refreshes, the User API) and writes the line's time in UTC, as the servers log.
  // A Date is whole seconds, never ahead: the largest estimate is the closest, until the clocks jump apart.
  let serverOffsetMs;
  function learnServerTime(response) {
    const date = Date.parse(response.headers.get('date') ?? '');
    if (Number.isNaN(date)) return;
    const estimate = date - Date.now();
    serverOffsetMs = serverOffsetMs !== undefined && Math.abs(estimate - serverOffsetMs) < 2000 ? Math.max(serverOffsetMs, estimate) : estimate;
  }
  function serverTime(at) {
    return new Date(at + (serverOffsetMs ?? 0)).toISOString().replace('Z', ' +00:00');
  }
  const logKeys = () =>
    Array.from({ length: window.localStorage.length }, (_, i) => window.localStorage.key(i)).filter((key) => key.startsWith(LOG_KEY_PREFIX));
  // The sentences come from the harness's one catalog (src/kernel/desktop-log.ts), in the page configuration.
  function log(message, values = {}) {
    const text = config.log.templates[message].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
    const lines = JSON.parse(window.localStorage.getItem(LOG_KEY) ?? '[]');
    lines.push({ at: Date.now(), time: browserTime(new Date()), text: `${config.log.component} : ${text}` });
    window.localStorage.setItem(LOG_KEY, JSON.stringify(lines));
  }
  // INFERRED: the desktop reports its log itself when it shows the banner and when it signs the agent out: in the seed
  // both lines reached the server within 13 ms of being written, minutes apart, with nobody pressing a button.
  const reportTrouble = () => sendErrorReport().catch(() => undefined);
  // Send Error Report: every tab's buffered lines, oldest first, as one ClientLog (POST /finesse/api/User/<id>/ClientLog).
  async function sendErrorReport() {
    const keys = logKeys();
    const lines = keys.flatMap((key) => JSON.parse(window.localStorage.getItem(key)).map((line) => ({ ...line, id: key.slice(LOG_KEY_PREFIX.length) })));
    lines.sort((a, b) => a.at - b.at);
    let logData = lines.map((line) => `${serverTime(line.at)}: ${line.id}: ${location.hostname}: ${line.time}: ${line.text}`).join('\n');
    if (logData.length > MAX_LOG_DATA) logData = logData.slice(logData.indexOf('\n', logData.length - MAX_LOG_DATA) + 1);
    const escaped = logData.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const response = await userApi('POST', `<ClientLog><logData>${escaped}</logData></ClientLog>`, '/ClientLog');
    if (response.ok) keys.forEach((key) => window.localStorage.removeItem(key));
    return response;
  }

  // --- where the token lives (a lab setting) ---------------------------------------------------------
  // sessionCookie: Finesse sets the token as an HttpOnly session cookie on the token GET (TAC 215626); the page cannot read
  // it and keeps what the token answer said in memory, as with `memory` (INFERRED). sessionStorage, window.localStorage and a
  // cookie set by this script are INFERRED lab settings.
  let heldRecord;
  const tokenStore = {
    save(record) {
      const text = JSON.stringify(record);
      if (config.tokenStorage === 'sessionCookie' || config.tokenStorage === 'memory') heldRecord = record;
      else if (config.tokenStorage === 'cookie') document.cookie = `${COOKIE_NAME}=${encodeURIComponent(text)}; path=/; secure; samesite=strict`;
      else window[config.tokenStorage].setItem(STORAGE_KEY, text);
    },
    load() {
      if (config.tokenStorage === 'sessionCookie' || config.tokenStorage === 'memory') return heldRecord;
      if (config.tokenStorage === 'cookie') {
        const entry = document.cookie.split('; ').find((part) => part.startsWith(`${COOKIE_NAME}=`));
        return entry ? JSON.parse(decodeURIComponent(entry.slice(COOKIE_NAME.length + 1))) : undefined;
      }
      const text = window[config.tokenStorage].getItem(STORAGE_KEY);
      return text ? JSON.parse(text) : undefined;
    },
  };

  // A desktop that refreshes from memory keeps the store only as a copy (desktop variant `refreshesFrom`).
  const traits = config.traits;
  let remembered;
  const tokens = {
    save(record) {
      remembered = record;
      tokenStore.save(record);
    },
    load: () => (traits.refreshesFrom === 'memory' && remembered ? remembered : tokenStore.load()),
  };

  // --- token refresh ------------------------------------------------------------------------------
  function scheduleRefresh() {
    const record = tokens.load();
    const due = record.issuedAt + config.refreshAtFraction * record.expiresIn * 1000;
    setTimeout(() => refresh(0), Math.max(0, due - Date.now()));
  }

  // The answer to one refresh request: the new token, or why it failed.
  async function requestRefresh(record) {
    const body = new URLSearchParams({ token: record.token });
    if (record.refreshToken) body.set('refresh-token', record.refreshToken);
    // The GET form (TAC-215626) names the agent in cc_username; that it carries `token` too is INFERRED.
    if (traits.refreshForm === 'get-query') body.set('cc_username', userId);
    let response;
    try {
      response =
        traits.refreshForm === 'get-query'
          ? await fetch(`/desktop/sso/token?${body}`, { cache: 'no-store' })
          : await fetch('/desktop/sso/token', { method: 'POST', body });
    } catch {
      return { status: 'no answer', transient: true };
    }
    const answer = await response.json().catch(() => ({}));
    if (traits.refreshForm !== 'get-query') learnServerTime(response);
    if (response.ok) return { answer, date: response.headers.get('date') };
    // INFERRED: an expired refresh token cannot be retried into working, an unreachable IdS can.
    return { status: response.status, expired: answer.errorMessage === 'Refresh token expired', transient: response.status === 503 };
  }

  async function keepRefreshed(record, result, note) {
    tokens.save({ ...record, token: result.answer.token, expiresIn: result.answer.expires_in, issuedAt: Date.parse(result.date) });
    await log('refreshed', { note, nextInS: Math.round(config.refreshAtFraction * result.answer.expires_in) });
    scheduleRefresh();
  }

  // The refresh token expired: sign in again through the IdS and the IdP (silent while the IdP session lives).
  async function reauthenticate() {
    await log('refreshTokenExpired');
    window.sessionStorage.setItem(REAUTHENTICATING_KEY, '1');
    location.assign('/desktop/sso/reauthenticate');
  }

  async function refresh(attempt) {
    const record = tokens.load();
    const result = await requestRefresh(record);
    if (result.answer) return keepRefreshed(record, result, '');
    if (result.expired) return reauthenticate();
    if (attempt < config.maxRetries) {
      await log('refreshFailed', {
        status: result.status,
        attempt: attempt + 1,
        maxRetries: config.maxRetries,
        retryInS: Math.round(config.retryIntervalMs / 1000),
      });
      setTimeout(() => refresh(attempt + 1), config.retryIntervalMs);
      return;
    }
    await log('retriesExhausted', { maxRetries: config.maxRetries });
    await reportTrouble();
    const signOutAt = Date.now() + config.graceMs;
    const grace = { signOutAt, signOut: setTimeout(forceSignOut, config.graceMs), countdown: showBanner(signOutAt) };
    if (result.transient) retryDuringGraceLater(grace);
  }

  function retryDuringGraceLater(grace) {
    if (Date.now() + config.retryIntervalMs < grace.signOutAt) setTimeout(() => retryDuringGrace(grace), config.retryIntervalMs);
  }

  // While the banner counts down, an outage may end: keep trying (INFERRED), and keep the session if a try succeeds.
  async function retryDuringGrace(grace) {
    const record = tokens.load();
    const result = await requestRefresh(record);
    if (result.answer) {
      clearTimeout(grace.signOut);
      clearInterval(grace.countdown);
      byId('session-banner').hidden = true;
      return keepRefreshed(record, result, ' after the banner; the session is kept');
    }
    if (!result.transient) return;
    await log('stillFailing', { status: result.status, retryInS: Math.round(config.retryIntervalMs / 1000) });
    retryDuringGraceLater(grace);
  }

  function showBanner(signOutAt) {
    byId('banner-text').textContent = config.bannerText;
    const tick = () => {
      const left = Math.max(0, Math.ceil((signOutAt - Date.now()) / 1000));
      const shown = `${pad(Math.floor(left / 60))}:${pad(left % 60)}`;
      if (traits.countdown === 'timer') byId('banner-countdown').textContent = `Signing out in ${shown}`;
      else if (traits.countdown === 'text') byId('banner-countdown').textContent = `(${shown} left)`;
    };
    tick();
    byId('session-banner').hidden = false;
    return setInterval(tick, 1000);
  }

  async function forceSignOut() {
    await log('signingOut');
    await reportTrouble();
    await signOut('session-refresh-failed');
  }

  async function signOut(reason) {
    const record = tokens.load();
    if (record && userId) {
      await fetch(`/finesse/api/User/${encodeURIComponent(userId)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/xml', authorization: `Bearer ${record.token}` },
        body: '<User><state>LOGOUT</state></User>',
      }).catch(() => undefined);
    }
    await fetch('/desktop/sso/logout', { method: 'POST', body: new URLSearchParams({ reason }) });
    location.assign(`/desktop/signed-out?reason=${encodeURIComponent(reason)}`);
  }

  // --- the agent: extension sign-in, header, state -------------------------------------------------
  async function userApi(method, body, subresource = '') {
    const record = tokens.load();
    const response = await fetch(`/finesse/api/User/${encodeURIComponent(userId)}${subresource}`, {
      method,
      headers: { authorization: `Bearer ${record.token}`, ...(body ? { 'content-type': 'application/xml' } : {}) },
      ...(body ? { body } : {}),
    });
    learnServerTime(response);
    return response;
  }

  const STATE_LABELS = { READY: 'Ready', NOT_READY: 'Not Ready', LOGOUT: 'Signed Out' };
  async function showAgent() {
    const response = await userApi('GET');
    const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
    const field = (name) => xml.querySelector(name)?.textContent ?? '';
    const extension = field('extension') || signedInExtension;
    if (traits.identity === 'labelled-name') byId('agent-name').textContent = `${field('firstName')} ${field('lastName')}`;
    else byId('agent-name').textContent = traits.identity === 'name-and-extension' ? `${field('firstName')} ${field('lastName')}` : userId;
    if (traits.identity !== 'labelled-name') byId('agent-extension').textContent = `· ${extension}`;
    byId('agent-state').textContent = STATE_LABELS[field('state')] ?? field('state');
    byId('state-select').value = field('state');
    byId('extension-sign-in').hidden = true;
    byId('workspace').hidden = false;
    document.querySelector('header').hidden = false;
  }

  byId('extension-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const extension = byId('extension').value.trim();
    const response = await userApi('PUT', `<User><state>LOGIN</state><extension>${extension.replace(/[^0-9]/g, '')}</extension></User>`);
    // "A successful response is an HTTP return code of 200 or 202" (DevNet, Cisco Finesse APIs).
    if (response.status !== 200 && response.status !== 202) {
      const message = new DOMParser().parseFromString(await response.text(), 'application/xml').querySelector('ErrorMessage')?.textContent;
      byId('extension-error').textContent = message || `Sign-in failed (${response.status})`;
      byId('extension-error').hidden = false;
      return;
    }
    signedInExtension = extension;
    await log('signedIn', { userId, extension });
    await showAgent();
  });

  byId('state-select').addEventListener('change', async (event) => {
    const state = event.target.value;
    const response = await userApi('PUT', `<User><state>${state}</state></User>`);
    if (response.status === 200 || response.status === 202) await log('stateChanged', { state });
    await showAgent();
  });

  byId('sign-out').addEventListener('click', () => signOut('user'));

  byId('error-report').addEventListener('click', async () => {
    const response = await sendErrorReport();
    byId('report-status').textContent = response.ok ? 'Error report sent.' : `Error report failed (${response.status}).`;
  });

  // --- start: read the tokens, schedule the refresh, ask for the extension -------------------------
  async function start() {
    // Without a session the fetch API redirects to the IdS (DevNet client integration): the desktop page signs in instead.
    const response = await fetch('/desktop/sso/token?return_refresh_token=true', { redirect: 'manual' });
    if (response.type === 'opaqueredirect' || response.status === 401) {
      location.assign('/desktop');
      return;
    }
    const answer = await response.json();
    userId = answer.user_id;
    tokens.save({ token: answer.token, refreshToken: answer.refresh_token, expiresIn: answer.expires_in, issuedAt: Date.parse(response.headers.get('date')) });
    // The hostile lab's channels (mock/hostile) start from here.
    window.dispatchEvent(new window.CustomEvent('desktop-signed-in', { detail: { userId, token: answer.token } }));
    await log('tokenReceived', { userId, expiresInS: answer.expires_in });
    scheduleRefresh();
    // Presence: Finesse signs the agent out 60 s after this connection goes (browser closed or reloaded).
    new EventSource('/desktop/presence');
    byId('loading').hidden = true;
    // Back from a re-authentication, the agent signed in to an extension goes straight back to work.
    const reauthenticated = window.sessionStorage.getItem(REAUTHENTICATING_KEY) !== null;
    window.sessionStorage.removeItem(REAUTHENTICATING_KEY);
    if (reauthenticated) await showAgent();
    else byId('extension-sign-in').hidden = false;
  }

  start();
})();
