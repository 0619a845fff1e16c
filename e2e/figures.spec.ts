// Journeys: a reader opens a lesson, runs it, selects nodes of each kind and reads the figures
// the lesson's notes name in the inspector (live, with units); a "why?" beside a loss lists
// those events from the node; an embed shows the per-node figures its link names.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

/** A node on the canvas by its exact name (names here hold brackets). */
const nodeNamed = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name.replace(/[()+.]/g, '\\$&')} — `) });

/** The selected node's figures in the inspector. */
const figures = (page: Page) => page.locator('dl[aria-label=Figures]');

/** One figure's cell (`dd`) by its JSON name. */
const figure = (page: Page, code: string) => page.locator(`dl[aria-label=Figures] dd[data-figure=${code}]`);

async function value(page: Page, code: string): Promise<number> {
  return Number(await figure(page, code).getAttribute('data-value'));
}

/** Opens a gallery lesson and runs it to `seconds` (its end when left out). */
async function openAndRun(page: Page, slug: string, seconds?: number) {
  await page.goto(`/?gallery=${slug}`);
  await expect(page.getByRole('banner')).toBeVisible();
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const t = seconds ?? Number(await timeline.getAttribute('max'));
  await timeline.evaluate((el: HTMLInputElement, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 30_000 });
}

async function select(page: Page, name: string) {
  await nodeNamed(page, name).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
  await expect(figures(page)).toBeVisible();
}

test('direct calls: the calling checkout fails requests and answers in hundreds of ms', async ({ page, consoleErrors }) => {
  await openAndRun(page, 'direct-calls-vs-events');
  await select(page, 'Checkout (calls)');
  expect(await value(page, 'failed_requests')).toBeGreaterThan(0);
  const p50 = await value(page, 'request_latency_p50');
  expect(p50).toBeGreaterThan(100);
  expect(p50).toBeLessThan(1000);
  await expect(figure(page, 'request_latency_p50')).toHaveText(/^\d{3} ms$/);
  await expect(figure(page, 'events_emitted')).toHaveText(/^\d{3}$/);
  await expect(figure(page, 'failed_requests')).toHaveClass(/bad/);
  await page.screenshot({ path: 'artifacts/figures-producer.png' });

  await select(page, 'Checkout (events)');
  expect(await value(page, 'failed_requests')).toBe(0);
  expect(await value(page, 'request_latency_p50')).toBeLessThan(50);

  // A consumer group: lag, counts and latencies.
  await select(page, 'Email');
  expect(await value(page, 'processed')).toBeGreaterThan(100);
  await expect(figure(page, 'latency_p99')).toHaveText(/\d (ms|s)$/);
  await page.screenshot({ path: 'artifacts/figures-group.png' });
  // The groups table has an Expired column.
  await page.getByRole('tab', { name: 'Groups' }).click();
  await expect(page.getByRole('table', { name: 'Per-group metrics' }).getByRole('columnheader', { name: 'Expired' })).toBeVisible();
});

test('outbox: the dual write loses events, and "why?" lists them from the producer', async ({ page, consoleErrors }) => {
  await openAndRun(page, 'outbox');
  // The Overview counts the dual write's losses.
  expect(Number(await page.getByRole('group', { name: 'Lost', exact: true }).locator('.n').getAttribute('data-value'))).toBeGreaterThan(0);
  await expect(page.getByRole('group', { name: 'Deliveries' })).toContainText('summed over 2 groups');
  await page.getByRole('group', { name: 'Deliveries' }).scrollIntoViewIfNeeded();
  await page.getByRole('region', { name: 'Metrics' }).screenshot({ path: 'artifacts/figures-overview.png' });

  await select(page, 'Orders (dual write)');
  const lost = await value(page, 'lost_dual_write');
  expect(lost).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Why: list the lost by dual write events' }).click();
  await expect(page.getByRole('tab', { name: 'Events' })).toHaveAttribute('aria-selected', 'true');
  const list = page.getByRole('table', { name: 'Why: lost' });
  await expect(page.getByRole('status').filter({ hasText: `${lost} lost over the whole run` })).toBeVisible();
  await expect(list.getByRole('row').filter({ has: page.getByRole('cell') })).toHaveCount(lost);
  await expect(list.locator('.why').first()).toContainText('dual write');
  await page.screenshot({ path: 'artifacts/figures-why.png' });

  await select(page, 'Outbox + relay');
  expect(await value(page, 'rows_written')).toBeGreaterThan(1000);
  expect(await value(page, 'published')).toBeGreaterThanOrEqual(await value(page, 'rows_written'));
  expect(await value(page, 'relay_crashes')).toBeGreaterThan(0);
  await expect(figure(page, 'pending')).toBeVisible();
  await page.screenshot({ path: 'artifacts/figures-outbox.png' });
});

test('poison message: the storm database rejects writes; topics show their partitions', async ({ page, consoleErrors }) => {
  await openAndRun(page, 'poison-message-and-dlq');
  await select(page, 'Warehouse DB (storm)');
  const storm = await value(page, 'rejected_writes');
  expect(await value(page, 'writes')).toBeGreaterThan(1000);
  expect(await value(page, 'side_effects')).toBeGreaterThan(1000);
  await expect(figure(page, 'rejected_writes')).toHaveText(/^\d,\d{3}$/);
  await page.screenshot({ path: 'artifacts/figures-database.png' });
  await select(page, 'Warehouse DB (calm)');
  expect(storm).toBeGreaterThan(2 * (await value(page, 'rejected_writes')));

  await select(page, 'orders');
  expect(await value(page, 'appended')).toBeGreaterThan(1000);
  expect(await value(page, 'retained')).toBeGreaterThan(0);
  const partitions = page.getByRole('table', { name: 'Offsets and lag per partition' });
  await expect(partitions.getByRole('rowheader', { name: 'end offset' })).toBeVisible();
  await expect(partitions.getByRole('rowheader', { name: 'lag of Shipping (no backoff)' })).toBeVisible();
  await expect(partitions.getByRole('rowheader', { name: 'lag of Shipping (backoff + jitter)' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/figures-topic.png' });

  await select(page, 'orders.DLQ');
  expect(await value(page, 'appended')).toBeGreaterThan(0);
  // A group's dead letters link to their reasons.
  await select(page, 'Shipping (no backoff)');
  expect(await value(page, 'dead_lettered')).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Why: list the dead-lettered events' }).click();
  await expect(page.getByRole('table', { name: 'Why: dead-lettered' }).locator('.why').first()).toContainText('attempts failed');
});

test('CQRS: the projection counts its rebuild, how far behind it is, and what it replayed', async ({ page, consoleErrors }) => {
  await openAndRun(page, 'cqrs-and-replay', 61);
  await select(page, 'Balances read model');
  expect(await value(page, 'rebuilds')).toBe(1);
  expect(await value(page, 'backlog')).toBeGreaterThan(100);
  expect(await value(page, 'lag_time')).toBeGreaterThan(1000);
  await page.screenshot({ path: 'artifacts/figures-projection-rebuilding.png' });
  // Run on to the end: caught up, thousands replayed.
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const end = Number(await timeline.getAttribute('max'));
  await timeline.evaluate((el: HTMLInputElement, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, end);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(() => value(page, 'replayed')).toBeGreaterThan(1000);
  expect(await value(page, 'backlog')).toBeLessThan(100);
  await page.screenshot({ path: 'artifacts/figures-projection.png' });
});

test('an embed shows the per-node figures its link names, and ignores unknown names', async ({ page, consoleErrors }) => {
  const metrics = ['duplicates@Balances (no key)', 'duplicates@Balances (keyed)', 'p99@Balance (no idempotency)',
    'processed', 'bogus@Nowhere', 'nonsense', 'p95@Balances (keyed)'].map(encodeURIComponent).join(',');
  await page.goto(`/?embed&gallery=duplicate-payment&t=60&metrics=${metrics}`);
  await expect(page.getByLabel('Simulated time')).toHaveText('1:00.0');
  const counters = page.locator('.counters [role=group]');
  await expect(counters).toHaveCount(4);
  const noKey = page.getByRole('group', { name: 'duplicate side effects at Balances (no key)' });
  const keyed = page.getByRole('group', { name: 'duplicate side effects at Balances (keyed)' });
  await expect.poll(async () => Number(await noKey.locator('.n').getAttribute('data-value'))).toBeGreaterThan(0);
  await expect(keyed.locator('.n')).toHaveAttribute('data-value', '0');
  await expect(page.getByRole('group', { name: 'p99 latency of Balance (no idempotency)' }).locator('.n')).toHaveText(/\d (µs|ms|s)$/);
  await expect(page.getByRole('group', { name: 'Processed', exact: true })).toBeVisible();
  await page.screenshot({ path: 'artifacts/figures-embed.png' });
});

test('the share dialog builds an embed snippet with per-node figures', async ({ page, consoleErrors }) => {
  await page.goto('/?gallery=duplicate-payment');
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Embed figures' });
  await field.fill('duplicates@Balances (no key), lost');
  await field.press('Enter');
  await field.blur();
  const snippet = page.getByRole('textbox', { name: 'Embed snippet' });
  await expect(snippet).toHaveValue(/metrics=duplicates@Balances%20\(no%20key\),lost#/);
  await page.getByRole('dialog', { name: 'Share' }).screenshot({ path: 'artifacts/figures-share.png' });
});
