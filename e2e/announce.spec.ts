// Journey: a screen-reader user hears what the animation shows — an outage, the end of the run —
// through a polite live region, without looking at the canvas.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function seek(page: Page, seconds: number) {
  await page.getByRole('slider', { name: 'Timeline' }).evaluate((el: HTMLInputElement, t) => {
    el.value = String(t);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, seconds);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 30_000 });
}

test('a live region announces outages, dead letters and the end of the run', async ({ page }) => {
  // Checkout fan-out: Analytics is down from 15 s to 45 s.
  await page.goto('/?gallery=checkout-fan-out');
  await expect(page.getByRole('banner')).toBeVisible();
  const live = page.getByRole('status', { name: 'Run announcements' });
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await seek(page, 20);
  await expect(live).toContainText('Analytics is down.');
  // The end of the run is said at once, whatever was said just before.
  const end = Number(await page.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));
  await seek(page, end);
  await expect(live).toContainText('Run finished at 1:30.0.');

  // Poison messages reach the dead-letter queue in lesson 4.
  await page.goto('/?gallery=poison-message-and-dlq');
  await expect(page.getByRole('banner')).toBeVisible();
  await seek(page, 30);
  await expect(live).toContainText(/\d+ messages? dead-lettered\./);
});
