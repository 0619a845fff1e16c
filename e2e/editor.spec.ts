// Journey: a person builds a topology by hand with the mouse and keyboard, the way diagram
// tools work: drag from the palette, connect port to port, edit, undo, select, move, pan, zoom.
import { test, expect, openApp, node, center, canvasPoint, dragFromPalette, connect, newScenario } from './fixtures';
import type { Page } from '@playwright/test';

const nodes = (page: Page) => page.locator('svg.graph g.node');
const edges = (page: Page) => page.locator('svg.graph g.edge');

test('drag every kind from the palette onto the canvas', async ({ page, consoleErrors }) => {
  await newScenario(page);
  const kinds = ['Producer', 'Topic', 'Consumer group', 'Service', 'Dead-letter queue', 'Database', 'Projection', 'Outbox + relay'];
  for (const [i, kind] of kinds.entries()) {
    await dragFromPalette(page, kind, 0.15 + (i % 4) * 0.22, i < 4 ? 0.25 : 0.7);
    await expect(nodes(page)).toHaveCount(i + 1);
  }
  // A click (or Enter) adds at the centre of the view.
  await page.getByRole('button', { name: 'Add Topic' }).focus();
  await page.keyboard.press('Enter');
  await expect(nodes(page)).toHaveCount(kinds.length + 1);
  await expect(node(page, 'Topic 2')).toBeVisible();
});

test('connect a producer to a topic to two groups; an invalid connection says why', async ({ page, consoleErrors }) => {
  await newScenario(page);
  await dragFromPalette(page, 'Producer', 0.15, 0.5);
  await dragFromPalette(page, 'Topic', 0.45, 0.5);
  await dragFromPalette(page, 'Consumer group', 0.8, 0.3);
  await dragFromPalette(page, 'Consumer group', 0.8, 0.7);
  await connect(page, 'Producer', 'Topic');
  await connect(page, 'Topic', 'Consumer group');
  await connect(page, 'Topic', 'Consumer group 2');
  await expect(edges(page)).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Producer publish Topic' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Topic subscribe Consumer group 2' })).toHaveCount(1);

  // A group cannot feed a group directly: refused with a reason, nothing added.
  await connect(page, 'Consumer group', 'Consumer group 2');
  await expect(page.getByRole('status').filter({ hasText: 'through topics' })).toBeVisible();
  await expect(edges(page)).toHaveCount(3);
  // The notice is about that gesture: the next action clears it.
  await node(page, 'Topic').click();
  await expect(page.getByRole('status').filter({ hasText: 'through topics' })).toHaveCount(0);

  // The new topology is valid: no problem badges.
  await page.keyboard.press('Escape');
  await expect(page.locator('g.node.invalid')).toHaveCount(0);
});

test('edit a setting, refuse a bad value, undo and redo', async ({ page, consoleErrors }) => {
  await newScenario(page);
  await dragFromPalette(page, 'Topic', 0.5, 0.5);
  await node(page, 'Topic').click();
  const partitions = page.getByLabel('Partitions');
  await partitions.fill('6');
  await partitions.press('Enter');
  await expect(node(page, 'Topic')).toContainText('6 partitions');

  await partitions.fill('-1');
  await partitions.press('Enter');
  await expect(page.getByRole('alert')).toContainText('At least 1');
  await expect(node(page, 'Topic')).toContainText('6 partitions');

  await page.locator('svg.graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(node(page, 'Topic')).toContainText('1 partition');
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'Topic')).toContainText('6 partitions');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node(page, 'Topic')).toContainText('1 partition');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(node(page, 'Topic')).toContainText('6 partitions');
});

test('rename by double-click; names are text, never HTML', async ({ page, consoleErrors }) => {
  await newScenario(page);
  await dragFromPalette(page, 'Service', 0.5, 0.5);
  await node(page, 'Service').dblclick();
  const box = page.getByRole('textbox', { name: 'Node name' });
  await box.fill('<b>Payment</b>');
  await box.press('Enter');
  await expect(node(page, '<b>Payment</b>')).toBeVisible();
  await expect(page.locator('svg.graph b')).toHaveCount(0);
});

test('multi-select, move, duplicate and delete', async ({ page, consoleErrors }) => {
  await newScenario(page);
  await dragFromPalette(page, 'Producer', 0.2, 0.4);
  await dragFromPalette(page, 'Topic', 0.5, 0.4);
  await connect(page, 'Producer', 'Topic');
  await node(page, 'Producer').click();
  await node(page, 'Topic').click({ modifiers: ['Shift'] });
  await expect(page.locator('g.node.selected')).toHaveCount(2);

  const before = await center(node(page, 'Topic'));
  const grab = await center(node(page, 'Producer'));
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x + 60, grab.y + 120, { steps: 6 });
  await page.mouse.up();
  const after = await center(node(page, 'Topic'));
  expect(after.y - before.y).toBeGreaterThan(60);
  // One drag is one undo step.
  await page.keyboard.press('Control+z');
  const undone = await center(node(page, 'Topic'));
  expect(Math.abs(undone.y - before.y)).toBeLessThan(2);
  await page.keyboard.press('Control+Shift+z');

  await page.keyboard.press('Control+d');
  await expect(nodes(page)).toHaveCount(4);
  await expect(edges(page)).toHaveCount(2);
  await page.keyboard.press('Delete');
  await expect(nodes(page)).toHaveCount(2);
  await expect(edges(page)).toHaveCount(1);

  // Shift + drag on empty canvas draws a selection box.
  const a = await canvasPoint(page, 0.02, 0.02);
  const b = await canvasPoint(page, 0.98, 0.98);
  await page.keyboard.down('Shift');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.locator('g.node.selected')).toHaveCount(2);
  await page.keyboard.press('Backspace');
  await expect(nodes(page)).toHaveCount(0);
});

test('pan, zoom around the pointer, fit view and auto-layout', async ({ page, consoleErrors }) => {
  await openApp(page);
  const zoom = page.getByLabel('Zoom level');
  const z0 = await zoom.textContent();
  const p = await canvasPoint(page, 0.5, 0.5);
  await page.mouse.move(p.x, p.y);
  await page.mouse.wheel(0, -400);
  await expect(zoom).not.toHaveText(z0 ?? '');

  const n0 = await center(node(page, 'users'));
  const empty = await canvasPoint(page, 0.97, 0.04);
  await page.mouse.move(empty.x, empty.y);
  await page.mouse.down();
  await page.mouse.move(empty.x + 100, empty.y - 50, { steps: 5 });
  await page.mouse.up();
  const n1 = await center(node(page, 'users'));
  expect(Math.round(n1.x - n0.x)).toBe(100);

  await page.getByRole('button', { name: 'Fit view' }).click();
  await expect(node(page, 'users')).toBeInViewport();

  // Scramble a node, then auto-layout puts sources left of their targets.
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  const producer = await center(node(page, 'Sign-up'));
  const topic = await center(node(page, 'users'));
  const group = await center(node(page, 'Profile'));
  expect(producer.x).toBeLessThan(topic.x);
  expect(topic.x).toBeLessThan(group.x);
  await page.screenshot({ path: 'artifacts/editor-default.png' });
});

test('keyboard: Enter selects a focused node, Delete removes it, Space plays and pauses', async ({ page, consoleErrors }) => {
  await openApp(page);
  const profile = node(page, 'Profile');
  await profile.focus();
  await page.keyboard.press('Enter');
  await expect(profile).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name')).toHaveValue('Profile');
  await page.keyboard.press('Delete');
  await expect(node(page, 'Profile')).toHaveCount(0);
  await page.locator('svg.graph').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('a palette drop after panning lands under the pointer', async ({ page, consoleErrors }) => {
  await newScenario(page);
  // Pan the view, then drop a topic at the canvas centre: it must appear there, not where the
  // centre was before the pan.
  const start = await canvasPoint(page, 0.9, 0.1);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x - 200, start.y + 150, { steps: 5 });
  await page.mouse.up();
  await dragFromPalette(page, 'Topic', 0.5, 0.5);
  const at = await center(node(page, 'Topic'));
  const mid = await canvasPoint(page, 0.5, 0.5);
  expect(Math.abs(at.x - mid.x)).toBeLessThan(30);
  expect(Math.abs(at.y - mid.y)).toBeLessThan(30);
});

test('right-click a node for its menu: inject a fault, rename, delete', async ({ page, consoleErrors }) => {
  await openApp(page);
  await node(page, 'Analytics').click({ button: 'right' });
  const menu = page.getByRole('dialog', { name: 'Analytics menu' });
  await expect(menu).toBeVisible();
  await menu.getByRole('button', { name: 'Crash now' }).click();
  await expect(page.getByRole('button', { name: 'Analytics — Consumer group — crashed' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await node(page, 'Analytics').click({ button: 'right' });
  await menu.getByRole('button', { name: 'Delete' }).click();
  await expect(node(page, 'Analytics')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'Analytics')).toHaveCount(1);
});

test('pinch with two fingers zooms the canvas', async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openApp(page);
  const zoom = page.getByLabel('Zoom level');
  const before = await zoom.textContent();
  const c = await canvasPoint(page, 0.5, 0.4);
  const cdp = await context.newCDPSession(page);
  const touch = (type: string, d: number) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: c.x - d, y: c.y, id: 1 }, { x: c.x + d, y: c.y, id: 2 }],
  });
  await touch('touchStart', 40);
  for (let d = 50; d <= 160; d += 10) await touch('touchMove', d);
  await touch('touchEnd', 0);
  await expect(zoom).not.toHaveText(before ?? '');
  const after = parseInt((await zoom.textContent()) ?? '0');
  expect(after).toBeGreaterThan(parseInt(before ?? '0'));
  await context.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a 12-node lesson reads well (${colorScheme})`, async ({ page, consoleErrors }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/?gallery=direct-calls-vs-events');
    await expect(nodes(page)).toHaveCount(11);
    await page.getByRole('button', { name: 'Add Projection' }).click();
    await expect(nodes(page)).toHaveCount(12);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Fit view' }).click();
    await page.screenshot({ path: `artifacts/graph-12-${colorScheme}.png` });
  });
}
