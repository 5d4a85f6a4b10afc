import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * A self-signed ECDSA P-256 certificate for the lab's host names, made in-process at start
 * (a few milliseconds; Node can sign but has no X.509 writer, so the DER is assembled here).
 */
export interface LabCertificate {
  certPem: string;
  keyPem: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo: what Chromium's --ignore-certificate-errors-spki-list takes. */
  spkiSha256: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const explicit = (tagNumber: number, content: Buffer) => tlv(0xa0 | tagNumber, content);

export function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const value of rest) {
    const chunk: number[] = [value & 0x7f];
    for (let remaining = value >>> 7; remaining > 0; remaining >>>= 7) chunk.unshift((remaining & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** DER's shortest form: no leading zero bytes, and one zero byte before a high bit (which would read as negative). */
export function positiveInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

export function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

export function name(commonName: string): Buffer {
  return sequence(set(sequence(oid(OID.organization), utf8('finesse-sso-harness mock lab'))), set(sequence(oid(OID.commonName), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

export function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function makeLabCertificate(hostNames: readonly string[], validFrom: Date = new Date(), validDays = 30): LabCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  const subject = name(hostNames[0] ?? 'localhost');
  // Back-date a day so a browser whose clock is a little behind still accepts it.
  const notBefore = new Date(validFrom.getTime() - 86_400_000);
  const notAfter = new Date(validFrom.getTime() + validDays * 86_400_000);
  const altNames = sequence(...hostNames.map((host) => tlv(0x82, Buffer.from(host, 'ascii'))));
  const extensions = sequence(
    extension(OID.subjectAltName, false, altNames),
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
  );
  const tbs = sequence(
    explicit(0, tlv(0x02, Buffer.from([2]))),
    positiveInteger(randomBytes(16)),
    signatureAlgorithm,
    subject,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    subject,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, signatureAlgorithm, tlv(0x03, Buffer.from([0]), signature));
  return {
    certPem: pem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  };
}

/** The signature algorithm identifier of RSA with SHA-256 (RFC 4055): its parameters are NULL. */
export const RSA_SHA256 = sequence(oid(OID.sha256WithRsaEncryption), tlv(0x05));
