/**
 * The catalog of the Cisco IdS log sentences the harness writes (the mock's IdS) and looks for (specs), in the
 * seed's wording where the seed has it (TAC 212067, reference §1.4: `seed`) and the mock's own otherwise
 * (`inferred`: a real IdS logs something else). Values are named in braces, as in the desktop's catalog.
 */
import { sentence, templateStart, type SentenceValues } from './log-template.ts';

export const IDS_LOG = {
  mismatch: { template: 'refresh token id mismatch.. refresh token id in refresh token is {refreshId}; in access token is {accessRt}', provenance: 'seed' },
  expired: { template: 'refresh token expired.. refresh token id {refreshId} expired at {expiredAt}', provenance: 'inferred' },
  alreadyUsed: { template: 'refresh token already used.. refresh token id {refreshId} was rotated at {rotatedAt}', provenance: 'inferred' },
  unknownToken: { template: '{usage} token not issued by this IdS or revoked', provenance: 'inferred' },
  idpSessionEnded: {
    template:
      'IdP session ended before the refresh token.. user {userId}; IdP session {idpSession} ended at {endedAt}; refresh token id {refreshId} valid until {validUntil}',
    provenance: 'inferred',
  },
  signInCookieMissing: {
    template: 'SAML response without the sign-in cookie.. user {nameId}; RelayState {relayState}; starting the sign-in again',
    provenance: 'inferred',
  },
  samlOutsideWindow: {
    template:
      'SAML assertion outside its validity window.. user {nameId}; NotBefore {notBefore}, NotOnOrAfter {notOnOrAfter}, IdS time {idsTime}, allowed skew {skewS} s',
    provenance: 'inferred',
  },
} as const;

export type IdsLogMessage = keyof typeof IDS_LOG;

export type IdsLogValues<Message extends IdsLogMessage> = SentenceValues<typeof IDS_LOG, Message>;

/** The sentence of `message` with its values filled in. */
export function idsLogText<Message extends IdsLogMessage>(message: Message, values: IdsLogValues<Message>): string {
  return sentence(IDS_LOG, message, values);
}

/** The sentence up to its first value not given: what every line of that sentence for these values begins with. */
export function idsLogStart<Message extends IdsLogMessage>(message: Message, values: Partial<IdsLogValues<Message>> = {}): string {
  return templateStart(IDS_LOG[message].template, values);
}
