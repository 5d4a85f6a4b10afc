import { CertificatePinError, certificateTargets, pinLabCertificates, presentedCertificate } from '../../src/lab/certificate-pin.ts';
import { expect, test } from './lab-fixture.ts';

test.describe('LAB_CERT_TRUST=pin against the mock lab certificate', () => {
  const pinOptions = (lab: { urls: { desktop: string; ids: string }; hostMap: Record<string, string> }, knownSpki: string[] = []) => ({
    finesseUrl: lab.urls.desktop,
    idsUrl: lab.urls.ids,
    allowedHosts: Object.keys(lab.hostMap),
    hostMap: lab.hostMap,
    knownSpki,
  });

  test('reads the subject and the SPKI hash the lab presents, the same hash the lab made', async ({ lab }) => {
    const { hostname, port } = new URL(lab.urls.desktop);
    const presented = await presentedCertificate({ host: hostname, port: Number(port) }, lab.hostMap[hostname]);
    expect(presented).toEqual({ endpoint: `${hostname}:${port}`, subject: expect.stringContaining('CN=finesse.lab.test'), spkiSha256: lab.spkiHashes[0] });
  });

  test(
    'pins every configured endpoint; an unreachable extra host is left to the system store',
    { annotation: { type: 'detail', description: "prints each pinned endpoint's subject and hash" } },
    async ({ lab }) => {
      const lines: string[] = [];
      const hashes = await pinLabCertificates({ ...pinOptions(lab), log: (line) => lines.push(line) });
      expect(hashes).toEqual(lab.spkiHashes);
      expect(lines.filter((line) => line.includes(`SPKI sha256 ${lab.spkiHashes[0]}`))).toHaveLength(2);
      // idp.lab.test has no listener on 443 here.
      expect(lines).toContainEqual(expect.stringMatching(/^Certificate of idp\.lab\.test:443: not reachable/));
    },
  );

  test('known hashes that match are accepted', async ({ lab }) => {
    await expect(pinLabCertificates({ ...pinOptions(lab, lab.spkiHashes), log: () => undefined })).resolves.toEqual(lab.spkiHashes);
  });

  test('a lab whose certificate changed is refused, naming the endpoint and both hashes', async ({ lab }) => {
    const earlier = `${'Q'.repeat(43)}=`;
    const refusal = pinLabCertificates({ ...pinOptions(lab, [earlier]), log: () => undefined });
    await expect(refusal).rejects.toThrow(CertificatePinError);
    await expect(refusal).rejects.toThrow(
      new RegExp(
        `finesse\\.lab\\.test:\\d+ presents a certificate whose SPKI hash ${lab.spkiHashes[0]!.replace(/[+/]/g, '\\$&')}.*not in LAB_CERT_SPKI \\(${earlier}\\)`,
      ),
    );
  });

  test('the desktop host not answering stops the pin', async ({ lab }) => {
    const closed = { ...pinOptions(lab), finesseUrl: 'https://finesse.lab.test:1/desktop', log: () => undefined };
    await expect(pinLabCertificates(closed)).rejects.toThrow(/finesse\.lab\.test:1: .*ECONNREFUSED/);
  });

  test('targets: the URLs at their ports, other allowed names on 443, no wildcards, no duplicates', () => {
    expect(
      certificateTargets({
        finesseUrl: 'https://finesse.example.com:8445/desktop',
        idsUrl: 'https://ids.example.com:8553',
        allowedHosts: ['finesse.example.com', 'ids.example.com', 'adfs.example.com', '*.okta.com'],
      }),
    ).toEqual([
      { host: 'finesse.example.com', port: 8445 },
      { host: 'ids.example.com', port: 8553 },
      { host: 'adfs.example.com', port: 443 },
    ]);
  });
});
