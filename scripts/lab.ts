/**
 * npm run lab: the embedded mock lab in the foreground.
 *   --profile affected|fixed   the defect profile (default: MOCK_PROFILE, else affected)
 *   --port-base N              finesse on N, ids on N+1, idp on N+2, control on N+3 (default: free ports)
 *   --json                     print exactly one JSON line when ready (for scripts)
 *   --setting name=value       any lab setting of mock/settings.ts, repeatable; e.g. short timings for a
 *                              real-time run: --setting retryIntervalS=1 --setting graceS=5 --setting accessTtlS=30
 * Stops cleanly on SIGINT/SIGTERM/SIGHUP, and when the npm process that started it is stopped
 * (npm does not pass SIGTERM on): ports freed, its private log folder removed, also after a failed start.
 * Exit codes: 0 stopped, 1 could not start (the occupied port named), 2 usage or configuration error.
 */
import { parseArgs } from 'node:util';
import { guardEntryPoint } from '../src/cli/cli-errors.ts';
import { loadConfigOrExit, EXIT_USAGE } from '../src/cli/load-config-or-exit.ts';
import { privateTempDir } from '../src/cli/private-temp.ts';
import { exitOnSignalWith, onShutdown, shutdownWithAncestors } from '../src/cli/shutdown.ts';
import { startLab } from '../mock/lab.ts';
import { formForIdpKind } from '../mock/idp/sign-in-forms.ts';
import { MOCK_AGENTS } from '../mock/agents.ts';
import { CONTROL_SECRET_HEADER } from '../mock/control.ts';
import { settingsProblems, type LabSettings } from '../mock/settings.ts';

guardEntryPoint('lab');

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run lab -- [--profile affected|fixed] [--port-base N] [--json] [--setting name=value ...]\n`);
  process.exit(EXIT_USAGE);
}

let args;
try {
  args = parseArgs({
    options: {
      profile: { type: 'string' },
      'port-base': { type: 'string' },
      json: { type: 'boolean', default: false },
      setting: { type: 'string', multiple: true, default: [] },
    },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
const config = loadConfigOrExit();
const profile = args.profile ?? config.mock.profile;
if (profile !== 'affected' && profile !== 'fixed') usage(`--profile: "${profile}" is not allowed; expected affected or fixed`);
const portBase = args['port-base'] === undefined ? undefined : Number(args['port-base']);
if (portBase !== undefined && !(Number.isInteger(portBase) && portBase >= 1024 && portBase <= 65_532))
  usage(`--port-base: "${args['port-base']}" is not a port; expected 1024 to 65532`);

/** `name=value` → a settings entry; numbers and true/false are typed, the rest stays text; settingsProblems judges it. */
function settingEntry(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) usage(`--setting: "${text}" is not name=value`);
  const raw = text.slice(at + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return [text.slice(0, at), value];
}
const overrides = Object.fromEntries(args.setting.map(settingEntry));
const overrideProblems = settingsProblems(overrides);
if (overrideProblems.length > 0) usage(overrideProblems.map((problem) => `--setting ${problem}`).join('\n'));

// The lab's logs hold its tokens: in a folder only this user reads, removed however the process ends.
const logDir = privateTempDir('finesse-mock-lab-');
exitOnSignalWith(0);
shutdownWithAncestors();
const lab = await startLab({
  agentPassword: config.mock.agentPassword,
  portBase,
  logDir: logDir.path,
  settings: {
    profile,
    tokenStorage: config.mock.tokenStorage,
    accessTtlS: config.mock.accessTtlS,
    refreshTtlS: config.mock.refreshTtlS,
    idpKind: formForIdpKind(config.idpKind),
    ...(overrides as Partial<LabSettings>),
  },
}).catch((error: Error & { code?: string; port?: number; address?: string }) => {
  const occupied = `port ${error.port ?? '?'}${error.address ? ` on ${error.address}` : ''} is already in use (--port-base ${portBase} takes ${portBase} to ${(portBase ?? 0) + 3}); free it or choose another --port-base`;
  process.stderr.write(`Cannot start the mock lab: ${error.code === 'EADDRINUSE' ? occupied : error.message}\n`);
  process.exit(1);
});
onShutdown(() => lab.stop());

if (args.json) {
  process.stdout.write(
    `${JSON.stringify({ finesse: lab.urls.desktop, ids: lab.urls.ids, idp: lab.urls.idp, hostMap: lab.hostMap, spki: lab.spkiHashes, logs: lab.logs.root, control: lab.urls.control, controlSecret: lab.controlSecret, profile })}\n`,
  );
} else {
  const agents = MOCK_AGENTS.filter((agent) => agent.role === 'Agent');
  process.stdout.write(
    [
      `Mock Finesse lab running (profile ${profile}, IdP form ${lab.settings().idpKind}). Stop with Ctrl+C.`,
      `  Desktop:  ${lab.urls.desktop}`,
      `  IdS:      ${lab.urls.ids}`,
      `  IdP:      ${lab.urls.idp}`,
      `  Hosts:    ${Object.entries(lab.hostMap)
        .map(([host, ip]) => `${host} → ${ip}`)
        .join(', ')}`,
      `  Trust:    --ignore-certificate-errors-spki-list=${lab.spkiHashes.join(',')}`,
      `  Agents:   ${agents[0]!.id} … ${agents.at(-1)!.id} (extensions ${agents[0]!.extension} … ${agents.at(-1)!.extension}), supervisor01; password from MOCK_AGENT_PASSWORD`,
      `  Logs:     ${lab.logs.root}`,
      `  Control:  ${lab.urls.control} (header ${CONTROL_SECRET_HEADER}: ${lab.controlSecret})`,
      `  Browser:  chromium --host-resolver-rules="${Object.entries(lab.hostMap)
        .map(([host, ip]) => `MAP ${host} ${ip}`)
        .join(',')}" --ignore-certificate-errors-spki-list=${lab.spkiHashes.join(',')} ${lab.urls.desktop}`,
      '',
    ].join('\n'),
  );
}
