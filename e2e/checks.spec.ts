// Journey: a reader opens the duplicate-payment lesson, runs it to its end and sees its point as
// a red and a green line; clicking the red line's first violation takes the timeline there.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const clock = (page: Page) => page.getByLabel('Simulated time', { exact: true });

test('a lesson states its point as checks, and a failed check seeks to its first violation', async ({ page }) => {
  await page.goto('/?gallery=duplicate-payment');
  await expect(page.getByRole('banner')).toBeVisible();
  // The lesson's checks stand with its notes, beside the canvas.
  const checks = page.getByRole('region', { name: 'Notes' }).getByRole('list', { name: 'Checks' });
  const red = checks.getByRole('listitem').filter({ hasText: 'duplicate side effects at Balances (no key) = 0' });
  const green = checks.getByRole('listitem').filter({ hasText: 'duplicate side effects at Balances (keyed) = 0' });
  await expect(red).toHaveAttribute('data-verdict', 'pass');
  await expect(red).toContainText('expected to fail');

  // Run to the end: 120 s at 100× takes a little over a second, plus the stops of the lesson's
  // story, each left with Next as a reader would.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('100');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const next = page.getByRole('region', { name: 'Story step' }).getByRole('button', { name: 'Next' });
  await expect(async () => {
    if (await next.isVisible()) await next.click();
    await expect(clock(page)).toHaveText('2:00.0', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  await expect(red).toHaveAttribute('data-verdict', 'fail');
  await expect(green).toHaveAttribute('data-verdict', 'pass');
  await expect(red.locator('.value')).toHaveText('26');
  await expect(green.locator('.value')).toHaveText('0');

  const seek = red.getByRole('button', { name: /^Seek to .*, the first violation of: duplicate side effects at Balances \(no key\) = 0$/ });
  const text = (await seek.textContent()) ?? '';
  const match = /first violated at ([\d.]+) s/.exec(text);
  expect(match, text).not.toBeNull();
  const seconds = Number(match![1]);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThan(120);
  await seek.click();
  const shown = Number(((await clock(page).textContent()) ?? '').replace(' s', ''));
  expect(Math.abs(shown - seconds)).toBeLessThanOrEqual(0.05);
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue(String(Math.round(shown * 1e6) / 1e6));
  // At its first violation the line is red, and the keyed ledger still green.
  await expect(red).toHaveAttribute('data-verdict', 'fail');
  await expect(green).toHaveAttribute('data-verdict', 'pass');
  await page.screenshot({ path: 'artifacts/checks-duplicate-payment.png' });
});

test('checks are edited in the scenario settings, undoably', async ({ page }) => {
  await page.goto('/?gallery=duplicate-payment');
  await expect(page.getByRole('banner')).toBeVisible();
  const settings = page.getByRole('form', { name: 'Add a check' });
  await settings.getByRole('combobox', { name: 'Figure' }).selectOption({ label: 'largest lag' });
  await settings.getByRole('combobox', { name: 'Of' }).selectOption({ label: 'Balance (no idempotency)' });
  await settings.getByRole('combobox', { name: 'Comparison' }).selectOption({ label: '<' });
  await settings.getByRole('spinbutton', { name: 'Bound, in messages' }).fill('1000');
  await settings.getByRole('spinbutton', { name: 'Bound, in messages' }).blur();
  await settings.getByRole('button', { name: 'Add check' }).click();
  const notes = page.getByRole('region', { name: 'Notes' });
  const line = notes.getByRole('listitem').filter({ hasText: 'largest lag of Balance (no idempotency) < 1,000 messages' });
  await expect(line).toBeVisible();
  await page.getByRole('button', { name: 'Delete check: largest lag of Balance (no idempotency) < 1,000 messages' }).click();
  await expect(line).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(line).toBeVisible();
});
