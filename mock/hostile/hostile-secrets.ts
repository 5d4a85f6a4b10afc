import { randomBytes } from 'node:crypto';

/**
 * The secrets a hostile lab carries where real Finesse, IdS and IdP deployments do, under names
 * no redaction list has: random per start, listed so tests can search for every one of them.
 * The names are ours on purpose (the redaction must not know them).
 */
export interface HostileSecrets {
  /** The access token, sent as the SASL PLAIN password of the XMPP-over-BOSH login. */
  accessToken: string;
  /** The BOSH session id of the notification channel, in every later body. */
  boshSid: string;
  /** The OpenSocial gadget security token (`st=` in gadget URLs and makeRequest bodies). */
  gadgetSt: string;
  /** A ticket in an HTML data attribute and a script variable. */
  pageTicket: string;
  /** The ticket of the first WebSocket frame. */
  socketTicket: string;
  /** The passcode of an Identity-Engine-style JSON sign-in. */
  passcode: string;
  /** The value of a custom authentication header (`X-Qz-Pass`). */
  customHeader: string;
  /** Another vendor's SSO session cookie (`zsess`). */
  vendorCookie: string;
}

function opaque(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function makeHostileSecrets(): HostileSecrets {
  return {
    accessToken: opaque(48),
    // Alphanumeric, never all digits (an all-digit string could read as an epoch time). Openfire's are
    // shorter (10 characters); how reliably the shape rule catches those is measured, not assumed.
    boshSid: `s${randomBytes(8).toString('hex')}`,
    gadgetSt: `${opaque(12)}:${opaque(24)}`,
    pageTicket: `TK-${opaque(24)}`,
    socketTicket: opaque(32),
    passcode: `Qz!${randomBytes(4).toString('hex')}`,
    customHeader: opaque(32),
    vendorCookie: opaque(30),
  };
}

/** Every secret with a label, for a leak scan. */
export function hostileSecretList(secrets: HostileSecrets): { label: string; value: string }[] {
  return Object.entries(secrets).map(([label, value]) => ({ label: `hostile ${label}`, value: value as string }));
}
