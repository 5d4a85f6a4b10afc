import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type LaunchOptions } from '@playwright/test';

/**
 * The browser's own floor: one persistent-profile start as the scenarios do it (launch on a fresh
 * user-data folder, one page, close), in milliseconds. The scenarios' wall times are judged against it.
 */
export async function persistentStartMs(launch: LaunchOptions): Promise<number> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
  try {
    const start = performance.now();
    const context = await chromium.launchPersistentContext(userDataDir, { ...launch, viewport: { width: 1280, height: 800 } });
    if (!context.pages()[0]) await context.newPage();
    await context.close();
    return performance.now() - start;
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
