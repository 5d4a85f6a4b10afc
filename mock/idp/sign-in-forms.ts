import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../http/html.ts';

/**
 * The sign-in forms the mock IdP can serve, one per product a lab may federate with, each with
 * that product's field names, ids and labels, so every harness adapter meets a realistic form.
 */
export const IDP_FORM_KINDS = ['adfs', 'okta-classic', 'okta-identity-engine', 'entra', 'ping', 'generic'] as const;
export type IdpFormKind = (typeof IDP_FORM_KINDS)[number];

/** The form that stands for an IDP_KIND (okta: the classic widget; the Identity Engine form is set explicitly). */
export function formForIdpKind(kind: 'adfs' | 'okta' | 'entra' | 'ping' | 'generic'): IdpFormKind {
  return kind === 'okta' ? 'okta-classic' : kind;
}

export interface SignInView {
  /** Where the form posts (the SSO path with the SAML query). */
  action: string;
  /** The user name typed so far (carried into a password step). */
  userName: string;
  /** `user`: user name only (first step of a two-step form); `password`: the credentials. */
  step: 'user' | 'password';
  error?: string;
}

export interface SignInForm {
  /** Posted field names of the user name and the password. */
  userField: string;
  passwordField: string;
  /** The user name is asked first, the password on a second page (Okta Identity Engine, Entra ID). */
  twoStep: boolean;
  /** A "Stay signed in?" page follows the password (Entra ID's KMSI prompt). */
  staySignedIn: boolean;
  page(view: SignInView): string;
}

/**
 * Where the Identity Engine widget posts its password step as JSON (`{"identifier", "credentials":
 * {"passcode"}, "stateHandle"}`), as Okta's IDX API takes it; the answer names where the browser goes next.
 */
export const IDX_ANSWER_PATH = '/idp/idx/challenge/answer';

/**
 * The Identity Engine widget's script: it sends the password step as JSON instead of posting the form,
 * then follows the answer's `success.href`, or shows the answer's message where the form shows errors.
 */
const IDX_SCRIPT = `<script>
document.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const response = await fetch(${JSON.stringify(IDX_ANSWER_PATH)} + location.search, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ identifier: form.elements.identifier.value, credentials: { passcode: form.elements['credentials.passcode'].value }, stateHandle: form.dataset.stateHandle }) });
  const answer = await response.json();
  if (answer.success) return location.assign(answer.success.href);
  let error = document.getElementById('error');
  if (!error) form.querySelector('h2').after(error = Object.assign(document.createElement('div'), { id: 'error', className: 'error' }));
  error.setAttribute('role', 'alert');
  error.textContent = answer.messages.value[0].message;
});
</script>`;

/** Posted with the answer to "Stay signed in?": the pending sign-in it belongs to, and yes or no. */
export const STAY_SIGNED_IN_FIELDS = { flow: 'flowToken', answer: 'LoginOptions' } as const;

const STYLE =
  'body{font-family:Segoe UI,Arial,sans-serif;background:#f2f2f2;margin:0}main{max-width:360px;margin:80px auto;background:#fff;padding:32px;box-shadow:0 2px 6px #0002}' +
  'label{display:block;margin-top:16px;font-size:14px}input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:8px;margin-top:4px}' +
  'button,.button{display:inline-block;margin-top:24px;padding:8px 24px;background:#2672ec;color:#fff;border:0;text-decoration:none}.error{color:#c00;margin-top:12px}';

function document(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>\n${body}\n</main></body></html>`;
}

function errorBlock(view: SignInView, id = 'error'): string {
  return view.error ? `<div id="${id}" class="error" role="alert">${escapeHtml(view.error)}</div>` : '';
}

/** Microsoft AD FS forms sign-in: userNameInput / passwordInput / submitButton. */
const adfs: SignInForm = {
  userField: 'UserName',
  passwordField: 'Password',
  twoStep: false,
  staySignedIn: false,
  page: (view) =>
    document(
      'Sign In',
      `<h1>Sign in</h1><p>Sign in with your organizational account</p>
<form method="post" id="loginForm" autocomplete="off" novalidate action="${escapeHtml(view.action)}">
${view.error ? `<div id="error" class="error" role="alert"><span id="errorText">${escapeHtml(view.error)}</span></div>` : ''}
<label for="userNameInput">User Account</label><input id="userNameInput" name="UserName" type="email" value="${escapeHtml(view.userName)}" placeholder="someone@example.com" autocomplete="off">
<label for="passwordInput">Password</label><input id="passwordInput" name="Password" type="password" placeholder="Password" autocomplete="off">
<input type="hidden" name="AuthMethod" value="FormsAuthentication">
<button id="submitButton" type="submit">Sign in</button>
</form>`,
    ),
};

/** The classic Okta Sign-In Widget: okta-signin-username / okta-signin-password / okta-signin-submit. */
const oktaClassic: SignInForm = {
  userField: 'username',
  passwordField: 'password',
  twoStep: false,
  staySignedIn: false,
  page: (view) =>
    document(
      'Example Org - Sign In',
      `<div id="okta-sign-in" class="auth-container main-container"><h2 class="okta-form-title o-form-head">Sign In</h2>
<form method="post" id="form19" class="primary-auth-form o-form" action="${escapeHtml(view.action)}">
${errorBlock(view)}
<label for="okta-signin-username">Username</label><input type="text" name="username" id="okta-signin-username" value="${escapeHtml(view.userName)}" autocomplete="username" aria-required="true">
<label for="okta-signin-password">Password</label><input type="password" name="password" id="okta-signin-password" autocomplete="current-password" aria-required="true">
<label><input type="checkbox" name="remember" id="input43"> Remember me</label>
<input class="button button-primary" type="submit" value="Sign In" id="okta-signin-submit">
</form></div>`,
    ),
};

/** Okta Identity Engine (the second-generation widget): `identifier` posted, then `credentials.passcode` sent as JSON by its script. */
const oktaIdentityEngine: SignInForm = {
  userField: 'identifier',
  passwordField: 'credentials.passcode',
  twoStep: true,
  staySignedIn: false,
  page: (view) =>
    document(
      'Example Org - Sign In',
      `<div id="okta-sign-in" class="auth-container main-container siw-main-view">
<form method="post" class="ion-form o-form" data-se="o-form" data-state-handle="${randomBytes(12).toString('base64url')}" action="${escapeHtml(view.action)}">
${
  view.step === 'user'
    ? `<h2 class="okta-form-title o-form-head" data-se="o-form-head">Sign In</h2>${errorBlock(view)}
<label for="input28">Username</label><input type="text" name="identifier" id="input28" value="${escapeHtml(view.userName)}" autocomplete="username">
<input class="button button-primary" type="submit" value="Next" data-type="save">`
    : `<h2 class="okta-form-title o-form-head" data-se="o-form-head">Verify with your password</h2>${errorBlock(view)}
<input type="hidden" name="identifier" value="${escapeHtml(view.userName)}">
<label for="input60">Password</label><input type="password" name="credentials.passcode" id="input60" autocomplete="current-password">
<input class="button button-primary" type="submit" value="Verify" data-type="save">`
}
</form></div>${view.step === 'password' ? IDX_SCRIPT : ''}`,
    ),
};

/** Microsoft Entra ID: `loginfmt`, then `passwd`, both submitted with idSIButton9, then "Stay signed in?". */
const entra: SignInForm = {
  userField: 'loginfmt',
  passwordField: 'passwd',
  twoStep: true,
  staySignedIn: true,
  page: (view) =>
    document(
      'Sign in to your account',
      `<form method="post" name="f1" id="i0281" novalidate autocomplete="off" action="${escapeHtml(view.action)}">
<div role="heading" aria-level="1" id="loginHeader">${view.step === 'user' ? 'Sign in' : 'Enter password'}</div>
${errorBlock(view, view.step === 'user' ? 'usernameError' : 'passwordError')}
${
  view.step === 'user'
    ? `<input type="email" name="loginfmt" id="i0116" value="${escapeHtml(view.userName)}" placeholder="Email, phone, or Skype" aria-label="Enter your email, phone, or Skype." aria-required="true">
<input type="submit" id="idSIButton9" class="button" value="Next">`
    : `<input type="hidden" name="loginfmt" value="${escapeHtml(view.userName)}"><div id="displayName">${escapeHtml(view.userName)}</div>
<input type="password" name="passwd" id="i0118" placeholder="Password" aria-label="Enter the password for ${escapeHtml(view.userName)}" aria-required="true">
<input type="submit" id="idSIButton9" class="button" value="Sign in">`
}
</form>`,
    ),
};

/** Entra ID's "Stay signed in?" (KMSI) prompt: Yes (idSIButton9) keeps the IdP session across browser restarts, No (idBtn_Back) does not. */
export function staySignedInPage(action: string, flowToken: string): string {
  const { flow, answer } = STAY_SIGNED_IN_FIELDS;
  return document(
    'Sign in to your account',
    `<form method="post" name="f1" action="${escapeHtml(action)}">
<div role="heading" aria-level="1">Stay signed in?</div><p>Do this to reduce the number of times you are asked to sign in.</p>
<input type="hidden" name="${flow}" value="${escapeHtml(flowToken)}">
<label><input type="checkbox" name="DontShowAgain" id="KmsiCheckboxField"> Don't show this again</label>
<button type="submit" name="${answer}" value="1" id="idBtn_Back">No</button>
<button type="submit" name="${answer}" value="0" id="idSIButton9">Yes</button>
</form>`,
  );
}

/** PingFederate's default login template: pf.username / pf.pass, and a "Sign On" link that posts pf.ok. */
const ping: SignInForm = {
  userField: 'pf.username',
  passwordField: 'pf.pass',
  twoStep: false,
  staySignedIn: false,
  page: (view) =>
    document(
      'Sign On',
      `<div class="ping-container"><div class="ping-header">Sign On</div>
<form method="POST" action="${escapeHtml(view.action)}" autocomplete="off">
${errorBlock(view)}
<label for="username">USERNAME</label><input id="username" type="text" size="36" name="pf.username" value="${escapeHtml(view.userName)}" autocorrect="off" autocapitalize="off">
<label for="password">PASSWORD</label><input id="password" type="password" size="36" name="pf.pass">
<label><input type="checkbox" name="pf.rememberUsername" id="rememberUsername"> Remember my username</label>
<input type="hidden" name="pf.ok" value="">
<a href="#" class="ping-button normal allow" id="signOnButton" onclick="this.closest('form').elements['pf.ok'].value='clicked';this.closest('form').submit();return false;">Sign On</a>
</form></div>`,
    ),
};

/** A plain form with nothing product-specific: what IDP_KIND=generic is configured against. */
const generic: SignInForm = {
  userField: 'user',
  passwordField: 'pass',
  twoStep: false,
  staySignedIn: false,
  page: (view) =>
    document(
      'Company Login',
      `<h1>Company Login</h1>
<form method="post" action="${escapeHtml(view.action)}">
${errorBlock(view)}
<label for="login-user">Username</label><input id="login-user" name="user" type="text" value="${escapeHtml(view.userName)}">
<label for="login-pass">Password</label><input id="login-pass" name="pass" type="password">
<button type="submit">Sign in</button>
</form>`,
    ),
};

export const SIGN_IN_FORMS: Record<IdpFormKind, SignInForm> = {
  adfs,
  'okta-classic': oktaClassic,
  'okta-identity-engine': oktaIdentityEngine,
  entra,
  ping,
  generic,
};
