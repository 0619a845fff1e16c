// Journey (issue 13): a reader opens the acks=1 failover lesson, selects a topic, watches its
// partitions' leader, ISR and high watermark change as broker-1 fails, then kills broker-3 from
// the topic's broker menu and finds the kill on the fault lane.
import { test, expect, openApp } from './fixtures';
import type { Page } from '@playwright/test';

async function seek(page: Page, t: number) {
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await timeline.evaluate((el: HTMLInputElement, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 60_000 });
  await expect(timeline).toHaveValue(String(t));
}

const row = (page: Page, label: string) =>
  page.getByRole('table', { name: 'Offsets and lag per partition' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });

test('a topic shows its replication and its broker menu kills a broker', async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page, '/?gallery=acks-1-failover');
  await page.getByRole('button', { name: /^orders-acks1 — / }).click();
  await seek(page, 5);
  // Before the failover: each partition led by its preferred replica, every replica in sync.
  await expect(row(page, 'leader').getByRole('cell')).toHaveText(['broker-1', 'broker-2', 'broker-3']);
  await expect(row(page, 'ISR (brokers)').getByRole('cell')).toHaveText(['1,2,3', '2,3,1', '3,1,2']);
  await expect(row(page, 'high watermark')).toBeVisible();
  // After broker-1's crash at 20 s the controller made broker-2 leader of partition 0.
  await seek(page, 25);
  await expect(row(page, 'leader').getByRole('cell').first()).toHaveText('broker-2');
  await expect(page.locator('[data-figure="leader_elections"]')).toHaveAttribute('data-value', '1');
  // Over the canvas, the cluster now: broker-1 down and leading nothing, its partition moved on.
  const cluster = page.getByRole('list', { name: 'Cluster' }).getByRole('listitem');
  await expect(cluster).toHaveCount(3);
  await expect(cluster.first()).toHaveText('broker-1 crashed · leads 0');
  await expect(cluster.nth(1)).toContainText(/^broker-2 (up|slow ×\d+) · leads [1-9]/);
  await page.screenshot({ path: 'artifacts/brokers-cluster.png' });

  const brokers = page.getByRole('list', { name: 'Brokers' });
  await expect(brokers.getByRole('listitem')).toHaveCount(3);
  await expect(brokers.getByRole('listitem').first()).toContainText('broker-1 · crashed');
  await brokers.getByRole('button', { name: 'Kill broker-3' }).click();
  await expect(page.getByRole('button', { name: /^Broker crash broker-3 at 25/ })).toBeVisible();
});
