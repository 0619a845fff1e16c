// Journey: after the delivery-guarantees lesson has lost messages, a reader lists every loss of
// the run from the Events tab (not only the most recent hops) and reads why each was lost, in
// the engine's words, in the list and in the event's trace.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Opens the delivery-guarantees lesson and seeks to the end of its run. */
async function openAtItsEnd(page: Page) {
  await page.goto('/?gallery=delivery-guarantees');
  await expect(page.getByRole('banner')).toBeVisible();
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const end = Number(await timeline.getAttribute('max'));
  await timeline.evaluate((el: HTMLInputElement, t) => {
    el.value = String(t);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, end);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 30_000 });
}

test('the whole run\'s losses are listed with their reasons', async ({ page }) => {
  await openAtItsEnd(page);

  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByRole('combobox', { name: 'Filter by outcome' }).selectOption({ label: 'Lost, whole run: why' });
  const list = page.getByRole('table', { name: 'Why: lost' });
  const rows = list.getByRole('row').filter({ has: page.getByRole('cell') });
  // The at-most-once ledger loses messages in this lesson; the first loss is early in the run,
  // long before the hops the plain log scans.
  await expect(page.getByRole('status').filter({ hasText: /^\d+ lost over the whole run/ })).toBeVisible();
  const total = Number(((await page.getByRole('status').filter({ hasText: /lost over the whole run/ }).textContent()) ?? '').split(' ')[0]);
  expect(total).toBeGreaterThan(0);
  await expect(rows).toHaveCount(total);
  await expect(rows.first()).toContainText('Ledger (at-most-once)');
  await expect(rows.first().locator('.why')).toContainText('at-most-once');

  // Only one node: the same list, filtered.
  await page.getByRole('combobox', { name: 'Filter by node' }).selectOption({ label: 'Ledger (at-least-once)' });
  await expect(page.getByRole('status').filter({ hasText: '0 lost over the whole run.' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Filter by node' }).selectOption({ label: 'All nodes' });

  // The oldest loss's trace says why too.
  const oldest = rows.last();
  const why = (await oldest.locator('.why').textContent()) ?? '';
  await oldest.focus();
  await page.keyboard.press('Enter');
  const trace = page.getByRole('complementary', { name: 'Trace' });
  await expect(trace).toBeVisible();
  await expect(trace.locator('.why').first()).toHaveText(why);
  await page.screenshot({ path: 'artifacts/why-lost.png' });
});

test('the plain log\'s "Lost or expired" shows at-most-once messages lost by a crash', async ({ page }) => {
  await openAtItsEnd(page);

  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByRole('combobox', { name: 'Filter by outcome' }).selectOption({ label: 'Lost or expired' });
  await page.getByRole('combobox', { name: 'Filter by node' }).selectOption({ label: 'Ledger (at-most-once)' });
  // The at-most-once ledger crashes every few seconds and each crash loses what it held: the
  // hop reads "crashed", and it is a loss.
  const rows = page.getByRole('table', { name: 'Event log' }).locator('tbody tr').filter({ hasText: 'Ledger (at-most-once)' });
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText('crashed, lost');
  // The at-least-once ledger redelivers what a crash held: nothing of it is lost.
  await page.getByRole('combobox', { name: 'Filter by node' }).selectOption({ label: 'Ledger (at-least-once)' });
  await expect(page.getByRole('table', { name: 'Event log' }).locator('tbody tr').filter({ hasText: 'Ledger (at-least-once)' })).toHaveCount(0);
});
