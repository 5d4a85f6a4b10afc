import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { RSA_SHA256, name, pem, positiveInteger, sequence, tlv, utcTime } from '../certificate.ts';

/**
 * The three forms in which the IdS publishes its token-signing key (DevNet: Client-Side Token Validation):
 * `GET /ids/v1/keys/token/public`, `…/public/csr` and `…/public/x509`, each as text. The PEM encodings and the
 * certificate's subject and validity are INFERRED (the documentation names the forms, not their text).
 */
export interface TokenKeyDocuments {
  publicKey: string;
  csr: string;
  x509: string;
}

export function tokenKeyDocuments(
  keys: { privateKey: KeyObject; publicKey: KeyObject },
  commonName: string,
  issuedAt: Date,
  validDays = 730,
): TokenKeyDocuments {
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const subject = name(commonName);
  const signed = (toBeSigned: Buffer) => sequence(toBeSigned, RSA_SHA256, tlv(0x03, Buffer.from([0]), sign('sha256', toBeSigned, keys.privateKey)));
  // PKCS #10 (RFC 2986): version 0, subject, key, no attributes.
  const request = sequence(tlv(0x02, Buffer.from([0])), subject, spki, tlv(0xa0));
  const notAfter = new Date(issuedAt.getTime() + validDays * 86_400_000);
  const certificate = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    positiveInteger(randomBytes(16)),
    RSA_SHA256,
    subject,
    sequence(utcTime(issuedAt), utcTime(notAfter)),
    subject,
    spki,
  );
  return { publicKey: pem('PUBLIC KEY', spki), csr: pem('CERTIFICATE REQUEST', signed(request)), x509: pem('CERTIFICATE', signed(certificate)) };
}
