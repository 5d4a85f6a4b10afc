import { expect, test } from '@playwright/test';
import { textTable } from '../../src/text/text-table.ts';

test.describe('text tables', () => {
  test('columns align two spaces apart under a rule; the last column runs free', () => {
    expect(
      textTable(
        ['check', 'result', 'what was seen'],
        [
          ['SSO sign-in', 'PASS', 'a token answer from the network'],
          ['banner', 'skip', ''],
        ],
      ).split('\n'),
    ).toEqual([
      'check        result  what was seen',
      '-----------  ------  -------------',
      'SSO sign-in  PASS    a token answer from the network',
      'banner       skip',
    ]);
  });
});
