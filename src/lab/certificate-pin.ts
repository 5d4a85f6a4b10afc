import { createHash } from 'node:crypto';
import tls from 'node:tls';

/**
 * LAB_CERT_TRUST=pin: at start, connect to each lab host, show what certificate it presents and
 * trust exactly those SPKI hashes (Chromium's --ignore-certificate-errors-spki-list). Ignoring
 * certificate errors instead would stop Chromium reusing its disk cache and hide the defect.
 */
export interface PresentedCertificate {
  /** `host:port` as the browser reaches it. */
  endpoint: string;
  subject: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo. */
  spkiSha256: string;
}

export interface CertificateTarget {
  host: string;
  port: number;
}

export class CertificatePinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificatePinError';
  }
}

const CONNECT_TIMEOUT_MS = 10_000;

/** Reads the certificate `host:port` presents, without trusting it; `address` is HOST_MAP's IP for a lab without DNS. */
export function presentedCertificate(target: CertificateTarget, address?: string): Promise<PresentedCertificate> {
  const endpoint = `${target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: address ?? target.host,
      port: target.port,
      servername: target.host,
      rejectUnauthorized: false,
      timeout: CONNECT_TIMEOUT_MS,
    });
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerX509Certificate();
      socket.end();
      if (!certificate) return reject(new CertificatePinError(`${endpoint} presented no certificate`));
      const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
      resolve({ endpoint, subject: certificate.subject.replace(/\n/g, ', '), spkiSha256: createHash('sha256').update(spki).digest('base64') });
    });
    socket.once('timeout', () => socket.destroy(new CertificatePinError(`${endpoint}: no TLS answer within ${CONNECT_TIMEOUT_MS / 1000} s`)));
    socket.once('error', (error: Error) => reject(error instanceof CertificatePinError ? error : new CertificatePinError(`${endpoint}: ${error.message}`)));
  });
}

/** The endpoints to pin: the desktop and IdS URLs, then each other allowed host (not a *.domain) on 443. */
export function certificateTargets(lab: { finesseUrl: string; idsUrl?: string; allowedHosts: readonly string[] }): CertificateTarget[] {
  const fromUrls = [lab.finesseUrl, lab.idsUrl]
    .filter((url): url is string => url !== undefined)
    .map((url) => new URL(url))
    .map((url) => ({ host: url.hostname, port: Number(url.port || 443) }));
  const others = lab.allowedHosts
    .filter((host) => !host.startsWith('*.') && !fromUrls.some((target) => target.host === host))
    .map((host) => ({ host, port: 443 }));
  return [...fromUrls, ...others].filter((target, index, all) => all.findIndex((other) => other.host === target.host && other.port === target.port) === index);
}

export interface PinOptions {
  finesseUrl: string;
  idsUrl?: string;
  allowedHosts: readonly string[];
  hostMap: Record<string, string>;
  /** LAB_CERT_SPKI: when set, any other certificate refuses the lab. */
  knownSpki: readonly string[];
  log: (line: string) => void;
}

/**
 * Pins the lab's certificates; returns the hashes to trust. The configured URLs must answer; another
 * allowed host that does not answer on 443 is reported and left to the system store (a cloud IdP).
 */
export async function pinLabCertificates(options: PinOptions): Promise<string[]> {
  const targets = certificateTargets(options);
  const required = new Set([options.finesseUrl, options.idsUrl].filter(Boolean).map((url) => new URL(url!).hostname));
  const hashes = new Set<string>();
  for (const target of targets) {
    let presented: PresentedCertificate;
    try {
      presented = await presentedCertificate(target, options.hostMap[target.host]);
    } catch (error) {
      if (required.has(target.host)) throw error;
      options.log(`Certificate of ${target.host}:${target.port}: not reachable (${(error as Error).message}); left to the system trust store`);
      continue;
    }
    options.log(`Certificate of ${presented.endpoint}: subject ${presented.subject}; SPKI sha256 ${presented.spkiSha256}`);
    if (options.knownSpki.length > 0 && !options.knownSpki.includes(presented.spkiSha256)) {
      throw new CertificatePinError(
        `${presented.endpoint} presents a certificate whose SPKI hash ${presented.spkiSha256} (subject ${presented.subject}) is not in LAB_CERT_SPKI (${options.knownSpki.join(', ')}). ` +
          'The lab certificate changed, or this is not the lab: check with the lab owner, then update LAB_CERT_SPKI.',
      );
    }
    hashes.add(presented.spkiSha256);
  }
  return [...hashes];
}
