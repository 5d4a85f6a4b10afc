import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { findTokenShapedStrings, plantCanaries, redactFolder, scanForSecrets, scanForTokenShapes } from '../../src/redaction/index.ts';
import { buildSyntheticTrace } from './fixtures/redaction/synthetic-trace.ts';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

test.describe('canaries', () => {
  test('each set is unique and carries its marker; the tokens are JWE compact strings like the IdS issues', () => {
    const a = plantCanaries();
    const b = plantCanaries();
    expect(a.marker).not.toBe(b.marker);
    for (const { label, value } of a.secrets) {
      expect(
        b.secrets.map((secret) => secret.value),
        label,
      ).not.toContain(value);
      if (label !== 'saml-response') expect(value, label).toContain(a.marker);
    }
    const segments = a.accessToken.split('.');
    expect(segments).toHaveLength(5);
    expect(segments[1]).toBe('');
    expect(JSON.parse(Buffer.from(segments[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'dir', enc: 'A128CBC-HS256', cty: 'JWT' });
    expect(findTokenShapedStrings(`x ${a.accessToken} y ${a.refreshToken}`)).toEqual([a.accessToken, a.refreshToken]);
    expect(Buffer.from(a.samlResponse, 'base64').toString()).toContain(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${a.marker}"`);
  });
});

test.describe('scanForSecrets', () => {
  let root = '';
  test.beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'canary-scan-'));
  });
  test.afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test(
    'finds each canary in every encoding, naming label and encoding, never the value',
    { annotation: { type: 'detail', description: 'raw, URL-encoded, form-encoded, JSON-escaped and inside base64' } },
    async () => {
      const c = plantCanaries();
      await writeFile(path.join(root, 'raw.txt'), `cookie ${c.cookie}`);
      await writeFile(path.join(root, 'url.txt'), `GET /cb?code=${encodeURIComponent(c.authorizationCode)}&pw=${encodeURIComponent(c.password)}`);
      await writeFile(path.join(root, 'form.txt'), new URLSearchParams({ Password: c.password }).toString());
      await writeFile(path.join(root, 'json.json'), JSON.stringify({ note: `a "quoted" ${c.state}` }));
      await writeFile(path.join(root, 'blob.txt'), Buffer.from(`<xml>..${c.refreshToken}..</xml>`).toString('base64'));
      const hits = await scanForSecrets([root], c.secrets);
      const found = (file: string): string[] =>
        hits.filter((hit) => hit.file.endsWith(file)).map((hit) => (hit.kind === 'secret' ? `${hit.label}/${hit.encoding}` : hit.kind));
      expect(found('raw.txt')).toEqual(expect.arrayContaining(['cookie/raw', 'canary-marker/raw']));
      expect(found('url.txt')).toEqual(expect.arrayContaining(['code/raw', 'password/url-encoded']));
      expect(found('form.txt')).toContain('password/form-encoded');
      expect(found('json.json')).toContain('state/raw');
      expect(found('blob.txt').some((hit) => hit.startsWith('refresh-token/base64 (offset'))).toBe(true);
      expect(found('blob.txt').some((hit) => hit.startsWith('canary-marker/base64'))).toBe(true);
      const serialized = JSON.stringify(hits);
      for (const { value } of c.secrets) expect(serialized).not.toContain(value);
    },
  );

  test('unpacks zips, nested zips and gzip, and names the entry; an unreadable archive is a hit', async () => {
    const c = plantCanaries();
    const deepest = zipSync({ 'logs/webservices.log.gz': gzipSync(encode(`Password=${encodeURIComponent(c.password)}`)) });
    await writeFile(path.join(root, 'bundle.zip'), zipSync({ 'summary.md': encode('all clear'), 'evidence/trace.zip': deepest }, { level: 9 }));
    await writeFile(path.join(root, 'damaged.zip'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]));
    const hits = await scanForSecrets([root], c.secrets);
    expect(hits).toContainEqual({
      kind: 'secret',
      file: path.join(root, 'bundle.zip'),
      entry: 'evidence/trace.zip!logs/webservices.log.gz!(gunzipped)',
      label: 'password',
      encoding: 'url-encoded',
    });
    expect(hits).toContainEqual(expect.objectContaining({ kind: 'unreadable-archive', file: path.join(root, 'damaged.zip') }));
  });

  test('plain strings can be searched too, labelled by position', async () => {
    await writeFile(path.join(root, 'a.txt'), 'hello opaque-value-123');
    expect(await scanForSecrets([path.join(root, 'a.txt')], ['nothing-here', 'opaque-value-123'])).toEqual([
      { kind: 'secret', file: path.join(root, 'a.txt'), label: 'secret-2', encoding: 'raw' },
    ]);
  });

  test('plant, redact, scan: a redacted bundle is clean, and a leak planted into it afterwards is caught', async () => {
    const c = plantCanaries();
    const evidence = path.join(root, 'evidence');
    const redacted = path.join(root, 'redacted');
    await mkdir(evidence);
    const trace = buildSyntheticTrace({
      userName: 'Agent2',
      password: c.password,
      accessToken: c.accessToken,
      refreshToken: c.refreshToken,
      cookie: c.cookie,
      samlResponse: c.samlResponse,
      code: c.authorizationCode,
      unknownFieldText: c.state,
    });
    await writeFile(path.join(evidence, 'trace.zip'), trace);
    await writeFile(
      path.join(evidence, 'webservices.log'),
      `ERROR Error refreshing access token with request: <grant_type=refresh_token&access_token=${c.accessToken}&refresh_token=${c.refreshToken}>\n`,
    );
    await redactFolder(evidence, redacted, { secrets: [{ label: 'password', value: c.password }] });
    expect(await scanForSecrets([redacted], c.secrets)).toEqual([]);
    expect(await scanForTokenShapes([redacted])).toEqual([]);

    // The release gate: the redacted files zipped into a bundle, with a leak the redactor never saw
    // (a note added after it ran), nested one zip deep and URL-encoded.
    const bundle = path.join(root, 'bundle.zip');
    const redactedFiles = {
      'trace.zip': await readFile(path.join(redacted, 'trace.zip')),
      'webservices.log': await readFile(path.join(redacted, 'webservices.log')),
    };
    const lateNote = encode(`pasted from the browser: ${encodeURIComponent(c.password)}`);
    await writeFile(bundle, zipSync({ 'evidence.zip': zipSync({ ...redactedFiles, 'late-note.txt': lateNote }) }));
    const hits = await scanForSecrets([bundle], c.secrets);
    expect(hits).toContainEqual({ kind: 'secret', file: bundle, entry: 'evidence.zip!late-note.txt', label: 'password', encoding: 'url-encoded' });
    expect(new Set(hits.map((hit) => hit.entry))).toEqual(new Set(['evidence.zip!late-note.txt']));
  });

  test('scanForTokenShapes names each JWT/JWE by kind and fingerprint, inside zips too', async () => {
    const c = plantCanaries();
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBZ2VudDIifQ.c2lnbmF0dXJlLWJ5dGVz';
    await writeFile(path.join(root, 'bundle.zip'), zipSync({ 'console.txt': encode(`${jws} then ${c.accessToken}`) }));
    const hits = await scanForTokenShapes([root]);
    expect(hits.map((hit) => ({ entry: hit.entry, kind: hit.kind }))).toEqual([
      { entry: 'console.txt', kind: 'jwt' },
      { entry: 'console.txt', kind: 'jwe' },
    ]);
    expect(JSON.stringify(hits)).not.toContain(c.accessToken);
  });

  test('findTokenShapedStrings: JWS, JWE with an empty key segment, a damaged token; not labels or prose', () => {
    const damaged = 'eyJhbGciOiJIaXkiLCJpdHkiOiJKV1QiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..zR19aGdqaTHO7B1V41RfzQ.WHYqcPuyvHtFLRyE';
    expect(findTokenShapedStrings(`a ${damaged} b`)).toEqual([damaged]);
    expect(findTokenShapedStrings('[jwe #3f2a] version 1.2.3 e.g. eyJ. base64 eyJhbGciOiJkaXIifQ')).toEqual([]);
  });
});
