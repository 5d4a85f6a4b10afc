import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';

/** A fresh temporary folder for each test of the file or describe block it is called in, removed after it; read it through the function. */
export function scratchFolder(prefix: string): () => string {
  let folder = '';
  test.beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  test.afterEach(() => rmSync(folder, { recursive: true, force: true }));
  return () => folder;
}
