import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

test('the resolved browser renders a page served on loopback', async ({ page, browser }) => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(
      '<!doctype html><title>smoke</title><main><h1>Loopback works</h1><button type="button" onclick="this.textContent=\'Clicked\'">Click me</button></main>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await expect(page.getByRole('heading', { name: 'Loopback works' })).toBeVisible();
    await page.getByRole('button', { name: 'Click me' }).click();
    await expect(page.getByRole('button', { name: 'Clicked' })).toBeVisible();
    expect(browser.version()).toMatch(/^\d+\./);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
