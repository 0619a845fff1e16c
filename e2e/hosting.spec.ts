// Journeys of a blog author (issue 15): a copy of dist/ hosted under any path works, links made
// there point there; an embed snippet sizes its frame to the graph, can wait for a click before
// loading anything, and can force a theme.
import { test, expect, openApp } from './fixtures';
import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SUB = '/some/sub/path/';
const subPort = Number(process.env.E2E_PORT ?? 4173) + 37;
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  // dist/ as a project site would host it: under a path, by a plain static server.
  const root = mkdtempSync(join(tmpdir(), 'fanout-host-'));
  mkdirSync(join(root, 'some', 'sub'), { recursive: true });
  symlinkSync(resolve(__dirname, '..', 'dist'), join(root, 'some', 'sub', 'path'));
  server = spawn('python3', ['-m', 'http.server', String(subPort), '--bind', '127.0.0.1', '--directory', root],
    { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${subPort}${SUB}`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the sub-path server did not start');
});

test.afterAll(() => server?.kill());

test('a copy hosted under a sub-path opens, plays, shares and embeds from there', async ({ page, consoleErrors }) => {
  const base = `http://127.0.0.1:${subPort}${SUB}`;
  await openApp(page, `${base}?gallery=duplicate-payment`);
  await expect(page.locator('svg.graph g.node')).toHaveCount(6);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByLabel('Simulated time', { exact: true })).not.toHaveText('0.000 s');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link.startsWith(`${base}#`), link).toBe(true);
  const snippet = await page.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
  expect(snippet).toContain(`src="${base}?embed`);

  // The link reopens the scenario under the same path; an embed runs there too.
  const other = await page.context().newPage();
  await openApp(other, link);
  await expect(other.locator('svg.graph g.node')).toHaveCount(6);
  await openApp(other, `${base}?embed&autoplay&gallery=checkout-fan-out`);
  const open = other.getByRole('link', { name: 'Open in Fanout' });
  // The full editor under the same path, on the same lesson (the light viewer keeps its name).
  await expect(open).toHaveAttribute('href', new RegExp(`^${base.replace(/[.]/g, '\\.')}(#|\\?gallery=checkout-fan-out$)`));
  await other.close();
  expect(consoleErrors).toEqual([]);
});

/** The snippet the Share dialog makes for a lesson, with `set` applied to the embed options. */
async function snippetFor(page: Page, slug: string, set: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await openApp(page, `/?gallery=${slug}`);
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await set(dialog);
  return dialog.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
}

/** A blog post holding `snippet`, served from the app's own origin. */
async function openPost(page: Page, snippet: string) {
  await page.route('**/post.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html><body style="max-width:760px;margin:20px auto"><h1>A post</h1>${snippet}<p>After.</p></body></html>`,
  }));
  await page.goto('/post.html');
}

test('an embed asks its page for the height that fits the graph, and the snippet applies it', async ({ page }) => {
  const snippet = await snippetFor(page, 'order-lifecycle', async (d) => {
    await d.getByLabel('Embed height').fill('900');
    await d.getByLabel('Embed height').press('Tab');
    await expect(d.getByRole('checkbox', { name: 'Fit height to the graph' })).toBeChecked();
  });
  expect(snippet).toContain('fanout:height');
  expect(snippet).toContain('height="900"');
  await openPost(page, snippet);
  const frame = page.locator('iframe');
  // The embed measures its graph and the page's listener resizes the frame to match (at once:
  // the 900 px the snippet starts with may never be seen).
  await expect(frame).not.toHaveAttribute('height', '900', { timeout: 15_000 });
  const h = Number(await frame.getAttribute('height'));
  expect(h).toBeGreaterThanOrEqual(240);
  expect(h).toBeLessThan(900);
  const inner = page.frameLocator('iframe');
  await expect(inner.locator('svg.graph g.node')).toHaveCount(8);
  // At that height every node is inside the frame.
  const box = (await frame.boundingBox())!;
  for (const n of await inner.locator('svg.graph g.node').all()) {
    const b = (await n.boundingBox())!;
    expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height);
  }
  await page.screenshot({ path: 'artifacts/embed-fit-height.png', fullPage: true });
});

test('click to load: nothing loads until the reader asks; a forced dark theme', async ({ page }) => {
  const snippet = await snippetFor(page, 'duplicate-payment', async (d) => {
    await d.getByRole('checkbox', { name: 'Click to load' }).check();
    await d.getByLabel('Embed theme').selectOption('dark');
  });
  let wasmLoads = 0;
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) wasmLoads += 1; });
  await openPost(page, snippet);
  const load = page.getByRole('button', { name: /Load the simulation/ });
  await expect(load).toBeVisible();
  await expect(page.locator('iframe')).toHaveCount(0);
  expect(wasmLoads, 'no wasm before the click').toBe(0);
  await load.click();
  const inner = page.frameLocator('iframe');
  await expect(inner.getByRole('banner')).toBeVisible();
  await expect(inner.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(wasmLoads).toBe(1);
  await page.screenshot({ path: 'artifacts/embed-click-to-load-dark.png', fullPage: true });
});

test('theme= forces a theme over the reader\'s setting; without it the app follows the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, '/?gallery=outbox');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await openApp(page, '/?embed&theme=dark&gallery=outbox');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
