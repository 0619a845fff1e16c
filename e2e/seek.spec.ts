// Journey: a long run is opened from a file and the timeline dragged to its end. The seek runs
// in slices with a progress bar; Cancel stops it where it got to, the page keeps responding,
// and a second seek arrives at the end (issue 10: the main thread never blocks long).
import { test, expect, openApp } from './fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const timeline = (page: Page) => page.getByRole('slider', { name: 'Timeline' });
const clock = (page: Page) => page.getByLabel('Simulated time', { exact: true });
const progress = (page: Page) => page.getByRole('progressbar', { name: 'Seeking' });

/** Simulated time in seconds, read from the clock (`12.345 s`, `3:05.2`, `1:02:03`). */
async function simSeconds(page: Page): Promise<number> {
  const text = ((await clock(page).textContent()) ?? '').trim();
  if (text.endsWith(' s')) return Number(text.slice(0, -2));
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** Drags the timeline to `seconds`, as a drag does: set the range value and fire `input`. */
async function dragTimelineTo(page: Page, seconds: number) {
  await timeline(page).evaluate((el: HTMLInputElement, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, seconds);
}

// The gallery's checkout fan-out at 1,000 orders/s for five minutes: about two million engine
// events, far more than one slice, so the seek shows its progress.
const SECONDS = 300;
function longRun() {
  const scenario = JSON.parse(readFileSync('scenarios/01-checkout-fan-out.json', 'utf8'));
  scenario.duration_s = SECONDS;
  scenario.nodes.find((n: any) => n.kind.producer).kind.producer.rate_per_s = 1000;
  for (const n of scenario.nodes) {
    if (n.kind.consumer_group) Object.assign(n.kind.consumer_group, { instances: 6, concurrency: 8 });
  }
  return scenario;
}

test('seek a long run in slices: progress, Cancel, then all the way', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'long-run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(longRun())),
  });
  // The file is read asynchronously: close the menu once the import has landed.
  await expect(page.getByText('Scenario imported')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(timeline(page)).toHaveAttribute('max', String(SECONDS));

  await dragTimelineTo(page, SECONDS);
  await expect(progress(page)).toBeVisible();
  const pct = Number(await progress(page).getAttribute('aria-valuenow'));
  expect(pct).toBeGreaterThanOrEqual(0);
  expect(pct).toBeLessThanOrEqual(100);
  await expect(progress(page)).toHaveAttribute('aria-valuetext', /of 5:00\.0$/);
  await page.screenshot({ path: 'artifacts/seek-progress.png' });

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress(page)).toHaveCount(0);
  const stopped = await simSeconds(page);
  expect(stopped).toBeGreaterThan(0);
  expect(stopped).toBeLessThan(SECONDS);
  // It stays where it stopped, and the page responds: a panel opens, play and pause work.
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByRole('table', { name: 'Event log' })).toBeVisible();
  expect(await simSeconds(page)).toBe(stopped);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // All the way this time: the bar goes when the clock reaches the end.
  await dragTimelineTo(page, SECONDS);
  await expect(clock(page)).toHaveText('5:00.0', { timeout: 90_000 });
  await expect(progress(page)).toHaveCount(0);
  await expect(timeline(page)).toHaveValue(String(SECONDS));
  const produced = Number(await page.getByRole('tab', { name: 'Overview' }).click().then(() =>
    page.getByRole('group', { name: 'Produced', exact: true }).locator('.n').getAttribute('data-value')));
  expect(produced).toBeGreaterThan(250_000);
});
