// Journey (issue 13): a reader opens the acks=1 failover lesson, selects a topic, watches its
// partitions' leader, ISR and high watermark change as broker-1 fails, then kills broker-3 from
// the topic's broker menu and finds the kill on the fault lane. Then, without the inspector:
// the same figures under each topic on the canvas, and the cluster lane's broker menu (by mouse
// and by keyboard) killing and isolating a broker.
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
  await expect(brokers.getByRole('listitem').first()).toContainText('broker-1 crashed · leads 0');
  await brokers.getByRole('button', { name: 'Kill broker-3' }).click();
  await expect(page.getByRole('button', { name: /^Broker crash broker-3 at 25/ })).toBeVisible();
});

/** A topic's partitions as the canvas shows them under it, one item per partition. */
const partitions = (page: Page, topic: string) =>
  page.getByRole('list', { name: `Partitions of ${topic}` }).getByRole('listitem');

test('the canvas shows each partition and the cluster lane kills a broker', async ({ page, consoleErrors }) => {
  test.setTimeout(60_000);
  await openApp(page, '/?gallery=acks-1-failover');
  await seek(page, 5);
  // Before the failover, on the canvas: each partition led by its preferred replica, all in sync.
  const acks1 = partitions(page, 'orders-acks1');
  await expect(acks1).toHaveCount(3);
  await expect(acks1.first()).toHaveText(/^p0 ▸ b1 ISR 3\/3 hw [\d,]+$/);
  await expect(acks1.nth(1)).toHaveText(/^p1 ▸ b2 ISR 3\/3 /);
  await expect(partitions(page, 'orders-acksall')).toHaveCount(3);

  // broker-1 crashed at 20 s: partition 0 moved to broker-2 and its ISR lost broker-1.
  await seek(page, 25);
  await expect(acks1.first()).toHaveText(/^p0 ▸ b2 ISR 2\/3 hw [\d,]+$/);
  await expect(acks1.first()).toHaveAccessibleName(/^p0: leader broker-2, 2 of 3 replicas in sync, under-replicated, high watermark/);
  await page.screenshot({ path: 'artifacts/brokers-canvas-failover.png' });

  // broker-2's chip opens its menu; Kill crashes it, the menu closes and the chip has the focus.
  const chip = page.getByRole('list', { name: 'Cluster' }).getByRole('button', { name: /^broker-2 / });
  await chip.click();
  const menu = page.getByRole('dialog', { name: 'broker-2 menu' });
  await expect(menu).toBeVisible();
  await expect(chip).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('button', { name: 'Restart now broker-2' })).toBeDisabled();
  await page.screenshot({ path: 'artifacts/brokers-lane-menu.png' });
  await menu.getByRole('button', { name: 'Kill broker-2' }).click();
  await expect(menu).toHaveCount(0);
  await expect(chip).toBeFocused();
  await expect(page.getByRole('button', { name: /^Broker crash broker-2 at 25/ })).toBeVisible();
  // A moment later the controller has moved broker-2's partitions to broker-3, the one left.
  await seek(page, 28);
  await expect(chip).toHaveText('broker-2 crashed · leads 0');
  await expect(acks1.first()).toHaveText(/^p0 ▸ b3 ISR 1\/3 /);
  await expect(acks1.nth(1)).toHaveText(/^p1 ▸ b3 ISR 1\/3 /);
  await page.screenshot({ path: 'artifacts/brokers-canvas-second-failover.png' });
  // Restart now (only for a crashed broker): it comes back before its crash's time is up.
  await chip.click();
  await menu.getByRole('button', { name: 'Restart now broker-2' }).click();
  await expect(page.getByRole('button', { name: /^Broker restart broker-2 at 28/ })).toBeVisible();
  await seek(page, 29);
  await expect(chip).toHaveText(/^broker-2 (up|slow ×\d+) · leads \d+$/);
  expect(consoleErrors).toEqual([]);
});

test('the broker menu by keyboard: Escape closes it, a click outside too, Enter isolates', async ({ page, consoleErrors }) => {
  test.setTimeout(60_000);
  await openApp(page, '/?gallery=acks-1-failover');
  await seek(page, 5);
  const chip = page.getByRole('list', { name: 'Cluster' }).getByRole('button', { name: /^broker-3 / });
  const menu = page.getByRole('dialog', { name: 'broker-3 menu' });
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  // The menu takes the focus (its first field); Escape gives it back to the chip.
  await expect(menu.getByRole('textbox', { name: 'For' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(chip).toBeFocused();
  // A click outside the menu closes it too.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.mouse.click(20, 780);
  await expect(menu).toHaveCount(0);
  // Isolate for 4 s, all by keyboard: type the time, Tab to the button, Enter.
  await chip.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('4');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  await expect(menu.getByRole('button', { name: 'Isolate broker-3' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(chip).toBeFocused();
  await expect(page.getByRole('button', { name: /^Broker isolated broker-3 at 5/ })).toBeVisible();
  await seek(page, 6);
  await expect(chip).toHaveText(/^broker-3 isolated · leads /);
  // A bad time is refused with the reason, and the menu stays open.
  await chip.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('-1');
  await menu.getByRole('button', { name: 'Kill broker-3' }).click();
  await expect(menu.getByRole('alert')).toContainText('Duration:');
  await expect(menu).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('an embedded lesson 13 shows the failover in its partitions and leaves room for them', async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 720, height: 460 });
  await page.goto('/?embed&gallery=acks-1-failover&t=25');
  // The light viewer, not the editor: its lane is read-only and its partitions are the editor's.
  await expect(page.getByRole('list', { name: 'Cluster' }).getByRole('listitem').first())
    .toHaveText('broker-1 crashed · leads 0');
  const acks1 = partitions(page, 'orders-acks1');
  await expect(acks1).toHaveCount(3);
  await expect(acks1.first()).toHaveText(/^p0 ▸ b2 ISR 2\/3 hw [\d,]+$/);
  // The fitted view keeps the lowest topic's lines inside the canvas.
  const lines = page.getByRole('list', { name: 'Partitions of orders-acksall' });
  await expect(lines).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'artifacts/brokers-embed-failover.png' });
  expect(consoleErrors).toEqual([]);
});
