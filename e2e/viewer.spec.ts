// The light embed (issue 15): a read-only embed loads the viewer build, a fraction of the
// editor's size, and never the editor's; "Open in Fanout" opens the full editor on the same
// scenario; an editable embed (`&edit`) still loads the editor.
import { test, expect, openApp } from './fixtures';
import type { Page } from '@playwright/test';

/** The wasm files the page fetched. */
function wasmRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => { const path = new URL(r.url()).pathname; if (path.endsWith('.wasm')) urls.push(path); });
  return urls;
}

test('a read-only embed loads the viewer only, plays, and opens the full editor on the same scenario', async ({ page, context, consoleErrors }) => {
  const wasm = wasmRequests(page);
  await openApp(page, '/?embed&t=20&gallery=duplicate-payment&metrics=processed,duplicates@Balances%20(no%20key)');
  expect(wasm).toEqual(['/fanout-viewer_bg.wasm']);
  // The viewer's chrome: run controls, the graph, the counters asked for; no editing.
  await expect(page.getByLabel('Simulated time')).toHaveText('20.000 s');
  await expect(page.getByRole('group', { name: /^Scenario graph: \d+ nodes/ })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Palette' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New scenario' })).toHaveCount(0);
  const counters = page.getByRole('region', { name: 'Metrics' });
  await expect(counters).toContainText('Processed');
  await expect(counters).toContainText('duplicate side effects at Balances (no key)');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByLabel('Simulated time')).not.toHaveText('20.000 s');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'artifacts/viewer.png' });

  // Open in Fanout: the editor, on the same lesson, in a new tab.
  const link = page.getByRole('link', { name: 'Open in Fanout' });
  expect(await link.getAttribute('href')).toMatch(/\/\?gallery=duplicate-payment$/);
  const [full] = await Promise.all([context.waitForEvent('page'), link.click()]);
  const fullWasm = wasmRequests(full);
  await expect(full.getByRole('complementary', { name: 'Palette' })).toBeAttached();
  await expect(full.getByRole('textbox', { name: 'Scenario title' })).toHaveValue(/duplicate/i);
  expect(fullWasm.every((p) => /^\/fanout-[0-9a-f]+_bg\.wasm$/.test(p))).toBe(true);
});

test('a shared link embedded keeps its scenario in the viewer and in "Open in Fanout"', async ({ page, consoleErrors }) => {
  await openApp(page, '/?gallery=checkout-fan-out');
  const fragment = await page.evaluate(() => location.hash);
  expect(fragment.length).toBeGreaterThan(10);
  const wasm = wasmRequests(page);
  await page.goto(`/?embed${fragment}`);
  await expect(page.getByRole('banner')).toBeVisible();
  expect(wasm).toEqual(['/fanout-viewer_bg.wasm']);
  await expect(page.locator('.embed-title')).toHaveText(/checkout/i);
  const href = await page.getByRole('link', { name: 'Open in Fanout' }).getAttribute('href');
  expect(href).toContain(fragment);
  expect(href).not.toContain('embed');
});

test('an editable embed and a broken link: the editor for one, a clear message in the viewer for the other', async ({ page, consoleErrors }) => {
  const wasm = wasmRequests(page);
  await openApp(page, '/?embed&edit&gallery=outbox');
  await expect(page.getByRole('complementary', { name: 'Palette' })).toBeAttached();
  expect(wasm.some((p) => p.includes('viewer'))).toBe(false);
  await page.goto('/?embed#v1.not-a-link');
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Showing the default scenario instead');
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
});
