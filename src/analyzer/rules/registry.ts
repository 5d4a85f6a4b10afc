/**
 * Which rule detects each signature of the catalog. Keyed by signature id, so adding a signature
 * to `signatures.ts` fails the type check until a rule for it is registered here.
 */
import type { SignatureId } from '../signatures.ts';
import { clockSkew } from './clock-skew.ts';
import { forcedLogout } from './forced-logout.ts';
import { idpSessionEnded } from './idp-session-ended.ts';
import { idsUnreachable } from './ids-unreachable.ts';
import { presenceForcedLogout } from './presence-forced-logout.ts';
import { refreshRetriesExhausted } from './refresh-retries-exhausted.ts';
import { refusedRefresh } from './refused-refresh.ts';
import type { Rule } from './rule.ts';
import { samlAssertionOutsideWindow } from './saml-assertion-outside-window.ts';
import { signInLoop } from './sign-in-loop.ts';
import { unexplained401 } from './unexplained-401.ts';

/** A signature found in HAR recordings, not in logs (`har/har-findings.ts`). */
export const FOUND_IN_HAR = 'har-recording';

export const RULES = {
  // One rule reads every IdS refusal; the reason the IdS gave chooses among these five.
  'refresh-token-mismatch': refusedRefresh,
  'concurrent-refresh': refusedRefresh,
  'rotated-refresh-token-replayed': refusedRefresh,
  'refresh-token-expired': refusedRefresh,
  'refresh-retries-exhausted': refreshRetriesExhausted,
  'forced-logout-after-refresh-failure': forcedLogout,
  'presence-forced-logout': presenceForcedLogout,
  'clock-skew': clockSkew,
  'ids-unreachable': idsUnreachable,
  'idp-session-ended': idpSessionEnded,
  'saml-assertion-outside-window': samlAssertionOutsideWindow,
  'sign-in-loop': signInLoop,
  'token-response-cacheable': FOUND_IN_HAR,
  // Refusals with a reason no signature covers come from `refusedRefresh` too.
  'unexplained-401': unexplained401,
} satisfies Record<SignatureId, Rule | typeof FOUND_IN_HAR>;
