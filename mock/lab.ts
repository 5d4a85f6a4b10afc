import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeLabCertificate } from './certificate.ts';
import { MockClock } from './clock.ts';
import { LabEvents } from './events.ts';
import { RequestCounter, type Router } from './http/router.ts';
import { IdentityService, newTokenId } from './ids/identity-service.ts';
import { IdsLog } from './ids/ids-log.ts';
import { idsRouter } from './ids/ids-server.ts';
import { TokenCodec } from './ids/token-codec.ts';
import { tokenKeyDocuments } from './ids/token-key-documents.ts';
import { idpRouter } from './idp/idp-server.ts';
import { finesseRouter } from './finesse/finesse-server.ts';
import { IdsClient } from './finesse/ids-client.ts';
import { LogFolder } from './logs/log-folder.ts';
import { startControlServer } from './control.ts';
import { DEFAULT_SETTINGS, settingsProblems, type LabSettings } from './settings.ts';
import { makeHostileSecrets, type HostileSecrets } from './hostile/hostile-secrets.ts';
import { hostileSocketUpgrade } from './hostile/hostile-desktop.ts';

/** `idpPartner` is the IdP under a name on another site (`idpSite: 'cross-site'`): the same server, for SameSite to apply. */
export const LAB_HOSTS = { finesse: 'finesse.lab.test', ids: 'ids.lab.test', idp: 'idp.lab.test', idpPartner: 'sts.partner.test' } as const;
const BIND_ADDRESS = '127.0.0.1';

export interface LabOptions {
  settings?: Partial<LabSettings>;
  /** Password of every mock agent. */
  agentPassword: string;
  /** Ports from here (finesse, ids, idp, control); free ports when absent. */
  portBase?: number;
  /** Log folder; a new temporary folder when absent (removed on stop). */
  logDir?: string;
}

export interface Lab {
  urls: { finesse: string; desktop: string; ids: string; idp: string; control: string };
  /** host → IP, for Chromium's host-resolver rules. */
  hostMap: Record<string, string>;
  /** base64 SHA-256 of the lab certificate's SubjectPublicKeyInfo, for Chromium's SPKI trust list. */
  spkiHashes: string[];
  certPem: string;
  clock: MockClock;
  logs: LogFolder;
  events: LabEvents;
  requests: RequestCounter;
  identity: IdentityService;
  controlSecret: string;
  /** Finesse's client credentials at the IdS: what the IdS's key endpoints ask for (in-process tests only). */
  idsClient: { clientId: string; clientSecret: string };
  /** What the desktop carries when the lab is hostile (setting `hostile`): random per start. */
  hostileSecrets: HostileSecrets;
  settings(): LabSettings;
  configure(update: Partial<LabSettings>): void;
  /** Forgets every session, token, event, counter and log line; settings back to the start values. */
  reset(): void;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, BIND_ADDRESS, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * The `ids-unreachable` fault: the IdS stops listening (Finesse's connections are refused) from
 * the moment the fault is set until `faultDurationS` of lab time has passed, then listens again.
 */
class IdsOutage {
  private until: number | undefined;

  constructor(
    private readonly server: Server,
    private readonly port: number,
    private readonly clock: MockClock,
    private readonly events: LabEvents,
  ) {
    clock.onAdvance((now) => {
      if (this.until !== undefined && now >= this.until) this.end();
    });
  }

  follow(current: LabSettings): void {
    if (current.fault !== 'ids-unreachable') {
      if (this.until !== undefined) this.end();
      return;
    }
    if (this.until === undefined) {
      this.server.close();
      this.server.closeAllConnections();
      this.events.record(this.clock.now(), 'fault', undefined, { fault: 'ids-unreachable', state: 'down' });
    }
    this.until = this.clock.now() + current.faultDurationS * 1000;
  }

  private end(): void {
    this.until = undefined;
    this.server.listen(this.port, BIND_ADDRESS);
    this.events.record(this.clock.now(), 'fault', undefined, { fault: 'ids-unreachable', state: 'up' });
  }
}

/** Starts the embedded mock lab in this process: IdP, IdS and Finesse on their own HTTPS origins, one lab clock. */
export async function startLab(options: LabOptions): Promise<Lab> {
  const startSettings: LabSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const problems = settingsProblems({ ...options.settings });
  if (problems.length > 0) throw new Error(`invalid lab settings: ${problems.join('; ')}`);
  let settings = { ...startSettings };
  const clock = new MockClock();
  const ownsLogDir = !options.logDir;
  const logs = new LogFolder(options.logDir ?? mkdtempSync(path.join(os.tmpdir(), 'finesse-mock-lab-')));
  const events = new LabEvents();
  const requests = new RequestCounter();
  const certificate = makeLabCertificate(Object.values(LAB_HOSTS));
  const tls = { cert: certificate.certPem, key: certificate.keyPem };

  const servers = { finesse: https.createServer(tls), ids: https.createServer(tls), idp: https.createServer(tls) };
  const base = options.portBase;
  const ports = {
    finesse: await listen(servers.finesse, base ?? 0),
    ids: await listen(servers.ids, base ? base + 1 : 0),
    idp: await listen(servers.idp, base ? base + 2 : 0),
  };
  const origin = (name: keyof typeof servers) => `https://${LAB_HOSTS[name]}:${ports[name]}`;
  const idpOrigin = () => (settings.idpSite === 'cross-site' ? `https://${LAB_HOSTS.idpPartner}:${ports.idp}` : origin('idp'));

  const idsIdentity = { idsId: LAB_HOSTS.ids.replace(/^ids/, 'IDS'), clientId: newTokenId(), realm: 'lab.test' };
  const codec = new TokenCodec(randomBytes(32), randomBytes(32), LAB_HOSTS.ids, generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const identity = new IdentityService(codec, clock, () => settings, new IdsLog(logs, () => clock.date()), events, idsIdentity);
  const finesseClient = {
    clientId: idsIdentity.clientId,
    clientSecret: randomBytes(20).toString('hex'),
    redirectUri: `${origin('finesse')}/desktop/sso/authcode`,
  };
  const idpKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const idsEntityId = `${origin('ids')}/ids/saml/metadata`;
  const idsClient = new IdsClient({
    tokenUrl: `${origin('ids')}/ids/v1/oauth/access_token`,
    address: BIND_ADDRESS,
    ca: certificate.certPem,
    clientId: finesseClient.clientId,
    clientSecret: finesseClient.clientSecret,
  });

  const hostileSecrets = makeHostileSecrets();
  const finesse = finesseRouter({
    origin: origin('finesse'),
    host: LAB_HOSTS.finesse,
    idsAuthorizeUrl: `${origin('ids')}/ids/v1/oauth/authorize`,
    clientId: finesseClient.clientId,
    redirectUri: finesseClient.redirectUri,
    ids: idsClient,
    identity,
    clock,
    settings: () => settings,
    counter: requests,
    events,
    logs,
    hostileSecrets,
  });
  const routers: Record<keyof typeof servers, Router> = {
    finesse: finesse.router,
    ids: idsRouter({
      origin: origin('ids'),
      entityId: idsEntityId,
      idpSsoUrl: () => `${idpOrigin()}/adfs/ls/`,
      cookieSameSite: () => settings.idsCookieSameSite,
      idpPublicKey: idpKeys.publicKey,
      clients: [finesseClient],
      service: identity,
      clock,
      counter: requests,
      events,
      tokenKeys: tokenKeyDocuments(codec.tokenKeys, LAB_HOSTS.ids, clock.date()),
      losesRefreshAnswers: () => settings.fault === 'lost-refresh-response',
    }),
    idp: idpRouter({
      origin: origin('idp'),
      entityId: `${origin('idp')}/adfs/services/trust`,
      signingKey: idpKeys.privateKey,
      clock,
      settings: () => settings,
      counter: requests,
      events,
      password: () => options.agentPassword,
    }),
  };
  for (const name of Object.keys(servers) as (keyof typeof servers)[]) servers[name].on('request', routers[name].listener);
  servers.finesse.on(
    'upgrade',
    hostileSocketUpgrade(hostileSecrets, () => settings.hostile),
  );

  const outage = new IdsOutage(servers.ids, ports.ids, clock, events);

  const controlSecret = randomBytes(24).toString('base64url');
  const lab: Lab = {
    urls: { finesse: origin('finesse'), desktop: `${origin('finesse')}/desktop`, ids: origin('ids'), idp: origin('idp'), control: '' },
    hostMap: Object.fromEntries(Object.values(LAB_HOSTS).map((host) => [host, BIND_ADDRESS])),
    spkiHashes: [certificate.spkiSha256],
    certPem: certificate.certPem,
    clock,
    logs,
    events,
    requests,
    identity,
    controlSecret,
    idsClient: { clientId: finesseClient.clientId, clientSecret: finesseClient.clientSecret },
    hostileSecrets,
    settings: () => settings,
    configure(update) {
      const found = settingsProblems(update);
      if (found.length > 0) throw new RangeError(`invalid lab settings: ${found.join('; ')}`);
      settings = { ...settings, ...update };
      if (update.fault !== undefined || update.faultDurationS !== undefined) outage.follow(settings);
    },
    reset() {
      settings = { ...startSettings };
      outage.follow(settings);
      identity.reset();
      finesse.state.reset();
      events.clear();
      requests.clear();
      logs.clear();
    },
    async stop() {
      idsClient.close();
      await Promise.all(
        [...Object.values(servers), control].map(
          (server) =>
            new Promise((resolve) => {
              server.closeAllConnections();
              server.close(resolve);
            }),
        ),
      );
      logs.close();
      if (ownsLogDir) rmSync(logs.root, { recursive: true, force: true });
    },
  };
  const control = await startControlServer(lab, base ? base + 3 : 0, BIND_ADDRESS);
  lab.urls.control = `http://${BIND_ADDRESS}:${(control.address() as AddressInfo).port}`;
  return lab;
}
