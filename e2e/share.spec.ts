// Journeys: share a playground by link and reopen it; open the gallery; embed in a blog post;
// survive a broken link; autosave; export the JSON that the command-line runner reads.
import { test, expect, openApp, seek } from './fixtures';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const nodes = (page: Page) => page.locator('svg.graph g.node');
const counter = (page: Page, name: string) =>
  page.getByRole('group', { name, exact: true }).locator('.n');


async function counters(page: Page) {
  const out: Record<string, string | null> = {};
  for (const name of ['Produced', 'Processed', 'Duplicates', 'Dead-lettered', 'Lost']) {
    out[name] = await counter(page, name).getAttribute('data-value');
  }
  return out;
}

test('a copied link reopens the same playground and the same run', async ({ page, context, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Add Consumer group' }).click();
  await page.getByRole('textbox', { name: 'Scenario title' }).fill('My checkout');
  await page.getByRole('textbox', { name: 'Scenario title' }).press('Enter');
  await seek(page, 8);
  const before = await counters(page);
  expect(Number(before['Processed'])).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#v1\./);
  expect(link.length).toBeLessThan(2000);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('textbox', { name: 'Scenario title' })).toHaveValue('My checkout');
  await expect(nodes(other)).toHaveCount(await nodes(page).count());
  await seek(other, 8);
  expect(await counters(other)).toEqual(before);
});

test('every gallery lesson opens and runs', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Gallery' }).click();
  const cards = page.getByRole('dialog', { name: 'Gallery' }).getByRole('button', { name: /^Open / });
  await expect(cards).toHaveCount(15);
  const titles = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  await page.getByRole('button', { name: 'Close gallery' }).click();
  for (const title of titles) {
    await page.getByRole('button', { name: 'Gallery' }).click();
    await page.getByRole('button', { name: title! }).click();
    await expect(page.getByRole('dialog', { name: 'Gallery' })).toHaveCount(0);
    await expect(page.locator('.run-error')).toHaveCount(0);
    await seek(page, 5);
    expect(Number(await counter(page, 'Produced').getAttribute('data-value'))).toBeGreaterThan(0);
  }
  // Escape closes the gallery.
  await page.getByRole('button', { name: 'Gallery' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Gallery' })).toHaveCount(0);
  // Opening a lesson is undoable.
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('textbox', { name: 'Scenario title' })).not.toHaveValue(titles.at(-1)!.replace(/^Open /, ''));
});

test('duplicate payment: the lesson shows in the numbers', async ({ page, consoleErrors }) => {
  await page.goto('/?gallery=duplicate-payment');
  await seek(page, 30);
  await page.getByRole('tab', { name: 'Groups' }).click();
  const rows = page.getByRole('table', { name: 'Per-group metrics' }).locator('tbody tr');
  const without = rows.filter({ hasText: /at-least-once/ });
  const withKey = rows.filter({ hasText: /effectively-once/ });
  // Cells after the group name: Processed, Lag, Duplicates, …
  expect(Number(await without.locator('td').nth(2).textContent())).toBeGreaterThan(0);
  expect(Number(await withKey.locator('td').nth(2).textContent())).toBe(0);
});

test('a broken or hostile link shows a message and the default scenario', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  for (const fragment of ['#v1.AAAA', '#v9.abc', '#<script>alert(1)</script>', '#' + 'A'.repeat(70000)]) {
    await page.goto('/' + fragment);
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Scenario title' })).toHaveValue('User registered');
    await expect(nodes(page)).not.toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

test('reload restores the autosaved draft', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'New scenario' }).click();
  await page.getByRole('button', { name: 'Add Topic' }).click();
  await page.getByRole('button', { name: 'Add Database' }).click();
  // Drop the fragment: the draft alone must bring the work back.
  await page.goto('/');
  await expect(nodes(page)).toHaveCount(2);
  await expect(page.getByRole('button', { name: /^Database — / })).toBeVisible();
});

test('embed demo page shows two independent embeds', async ({ page, consoleErrors }) => {
  await page.goto('/embed-demo.html');
  const first = page.frameLocator('#embed-duplicate');
  const second = page.frameLocator('#embed-checkout');
  await expect(first.getByRole('link', { name: 'Open in Fanout' })).toBeVisible();
  await expect(second.getByRole('link', { name: 'Open in Fanout' })).toBeVisible();
  // Viewer only: no palette, no inspector.
  await expect(first.getByRole('complementary', { name: 'Palette' })).toHaveCount(0);
  // The first autoplays; the second starts paused at 5 s.
  await expect(first.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(second.getByLabel('Simulated time')).toHaveText('5.000 s');
  await second.getByRole('button', { name: 'Play' }).click();
  await expect(second.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/embed-demo.png', fullPage: true });
  // An embed never writes a draft (so it cannot replace the main app's work).
  await second.getByRole('button', { name: 'Pause' }).click();
  const saved = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fanout.')));
  expect(saved).toEqual([]);
});

test('exported JSON runs in `fanout run` with the same numbers as the browser', async ({ page, consoleErrors }) => {
  await page.goto('/?gallery=poison-message-and-dlq');
  await seek(page, 10);
  const browser = await counters(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const bin = process.env.FANOUT_BIN ?? 'target/debug/fanout';
  const out = JSON.parse(execFileSync(bin, ['run', file!, '--until', '10s', '--json']).toString());
  expect(String(out.metrics.total.events_emitted)).toBe(browser['Produced']);
  expect(String(out.metrics.total.processed)).toBe(browser['Processed']);
  expect(String(out.metrics.total.dead_lettered)).toBe(browser['Dead-lettered']);
  expect(JSON.parse(readFileSync(file!, 'utf8')).title).toBeTruthy();
});

test('export the diagram as SVG and PNG', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const svg = readFileSync((await (await svgDownload).path())!, 'utf8');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('Billing sync');
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const png = readFileSync((await (await pngDownload).path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(5000);
});

test('the link carries the view: pan and zoom come back', async ({ page, context, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoom = await page.getByLabel('Zoom level').textContent();
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/~view=-?\d+,-?\d+,[\d.]+$/);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByLabel('Zoom level')).toHaveText(zoom!);
  // A hostile view is ignored: the scenario still opens, fitted.
  const hostile = await context.newPage();
  await hostile.goto(link.replace(/~view=.*$/, '~view=1e300,NaN,<b>'));
  await expect(hostile.locator('svg.graph g.node')).not.toHaveCount(0);
  await expect(hostile.getByRole('alert')).toHaveCount(0);
});

test('importing a file that is not a scenario says why and keeps the work', async ({ page, consoleErrors }) => {
  await openApp(page);
  const before = await nodes(page).count();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": [{"kind": {"teapot": {}}}]}'),
  });
  await expect(page.getByRole('alert')).toContainText('not a Fanout scenario');
  await expect(nodes(page)).toHaveCount(before);
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(2 * 1024 * 1024, 32),
  });
  await expect(page.getByRole('alert')).toContainText('at most');
  await expect(nodes(page)).toHaveCount(before);
});

test('pasting another link into the same tab opens it; shortcuts stay out of dialogs', async ({ page, context, consoleErrors }) => {
  await page.goto('/?gallery=duplicate-payment');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Share' })).toHaveCount(0);

  await openApp(page);
  await page.getByRole('button', { name: 'New scenario' }).click();
  await expect(nodes(page)).toHaveCount(0);
  await page.evaluate((hash) => { location.hash = hash; }, link.split('#')[1]);
  await expect(page.getByRole('textbox', { name: 'Scenario title' })).toHaveValue('Duplicate payment');
  const count = await nodes(page).count();
  expect(count).toBeGreaterThan(0);

  // Delete and Ctrl+A pressed inside the gallery do not touch the canvas behind it.
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Gallery' }).click();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Escape');
  await expect(nodes(page)).toHaveCount(count);
});
