import { spawn } from 'node:child_process';

export interface EntryPointResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the harness's entry points as a user would, with extra environment variables. */
export function runEntryPoint(command: string[], env: Record<string, string>, timeoutMs = 300_000): Promise<EntryPointResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, ...env, CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
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
