/**
 * Fails on purpose, as a sign-in does when the IdP's "Sign in" never answers: the password is already in its field.
 * Run only by tests/robustness/failed-run-secrets.spec.ts, with the password in PLANTED_PASSWORD.
 */
import { test } from '@playwright/test';
import { fillSecret } from '../../../fixtures/idp/fill-secret.ts';

test('the IdP takes the password, then its Sign in button never answers', async ({ page }) => {
  await page.setContent('<h1>Sign in</h1><label>Enter the password for agent007 <input type="password"></label><button disabled>Sign in</button>');
  await fillSecret(page.getByLabel(/^Enter the password for /), process.env.PLANTED_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click({ timeout: 500 });
});
