import { expect, test } from '@playwright/test';
import { escapeXml, unescapeXml } from '../../src/kernel/escape-xml.ts';

test('XML text reads back whether its writer used named or numeric entities', () => {
  const text = `Header : <ClientLog> & "quotes" 'too'`;
  expect(unescapeXml(escapeXml(text))).toBe(text);
  expect(unescapeXml('&lt;a&gt; &amp;amp; &#x3C;b&#x3e; &quot;&apos;')).toBe(`<a> &amp; <b> "'`);
  expect(unescapeXml('&unknown; &#99999999;')).toBe('&unknown; &#99999999;');
});
