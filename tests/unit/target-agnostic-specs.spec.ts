import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DESKTOP_VARIANTS } from '../../mock/settings.ts';
import { MOCK_REACH, TARGET_BRANCH } from './fixtures/target-branch.ts';

/** Where reading the mock's records is the point: a project that runs against the mock only. */
const MOCK_RECORDS_PROJECT = 'tests/mock-records/';

function filesUnder(folder: string, suffix: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(folder, name).split(path.sep).join('/'));
}

test.describe('specs are target-agnostic', () => {
  test('no spec outside the mock-records project branches on mock vs lab', () => {
    const branching = filesUnder('tests', '.spec.ts').filter(
      (file) => !file.startsWith(MOCK_RECORDS_PROJECT) && TARGET_BRANCH.test(readFileSync(file, 'utf8')),
    );
    expect(branching, 'branch through fixtures (observations, landmarks) or move the spec to tests/mock-records/').toEqual([]);
  });

  test('no spec reaches the mock through the lab target: the mockLab and records fixtures say why', () => {
    const reaching = filesUnder('tests', '.spec.ts').filter((file) => MOCK_REACH.test(readFileSync(file, 'utf8')));
    expect(reaching, 'use the mockLab or records fixture (fixtures/index.ts), in a spec under tests/mock-records/').toEqual([]);
  });

  test('nothing in src/, fixtures/ or tests/ names a desktop variant of the mock', () => {
    const names = Object.keys(DESKTOP_VARIANTS).map((name) => new RegExp(`['"\`]${name}['"\`]`));
    const files = ['src', 'fixtures', 'tests'].flatMap((folder) => filesUnder(folder, '.ts'));
    const keyed = files.filter((file) => names.some((name) => name.test(readFileSync(file, 'utf8'))));
    expect(keyed, 'the harness is never told which desktop it faces: learn it (survey) instead').toEqual([]);
  });
});
