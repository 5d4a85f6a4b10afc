import { spawn } from 'node:child_process';

export interface EntryPointResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a user's shell would give: without the HARNESS_* switches of an outer run
 * (a nightly run's HARNESS_NIGHTLY would otherwise give every nested run the nightly reporters).
 */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HARNESS_')));
}

/** `npm run <name>` as package.json execs it, without the start of npm or npx in front (about 0.75 s each). */
export function entryPoint(name: string): string[] {
  return [process.execPath, '--import', 'tsx', `scripts/${name}.ts`];
}

/** Runs one of the harness's entry points as a user would, with extra environment variables. */
export function runEntryPoint(command: string[], env: Record<string, string>, timeoutMs = 300_000): Promise<EntryPointResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { env: { ...userEnvironment(), ...env, CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
