// Journey: with the keyboard alone — open the gallery and a lesson, add a producer and a topic,
// connect them, move one, rename it, run and pause, open Share and close it — with the focus
// visible at every step and where a person expects it (dialogs keep it and give it back).
import { Locator, Page } from '@playwright/test';
import { test, expect, openApp, node } from './fixtures';

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, back = false, max = 90) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** `target` has the focus and shows it: an outline on controls, a dashed border on nodes. */
async function expectFocusVisible(target: Locator) {
  await expect(target).toBeFocused();
  const shown = await target.evaluate((el) => {
    if (!el.matches(':focus-visible')) return 'not :focus-visible';
    const box = el.querySelector('.node-box');
    const style = getComputedStyle(box ?? el);
    const visible = box ? style.strokeDasharray !== 'none' : style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return visible ? 'shown' : 'no indicator';
  });
  expect(shown).toBe('shown');
}

/** Where the focus is: the accessible label of the dialog holding it, or null. */
const focusDialog = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('dialog')?.getAttribute('aria-label') ?? null);

/** Tabs `n` times, checking after each press that the focus stays inside the dialog `name`. */
async function expectTrapped(page: Page, name: string, n: number) {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await focusDialog(page), `focus after ${i + 1} presses`).toBe(name);
  }
}

/** A node's position in world units, from its transform (its top-left corner). */
const placeOf = (l: Locator) =>
  l.evaluate((el) => el.getAttribute('transform')!.match(/-?[\d.]+/g)!.map(Number));

test('keyboard only: lesson, add, connect, move, rename, run, share', async ({ page, consoleErrors }) => {
  test.setTimeout(60_000);
  await openApp(page);

  // The gallery: a modal that keeps the focus, closes on Escape and gives the focus back.
  const galleryButton = page.getByRole('button', { name: 'Gallery' });
  await tabTo(page, galleryButton);
  await expectFocusVisible(galleryButton);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Gallery' })).toBeVisible();
  expect(await focusDialog(page)).toBe('Gallery');
  await expectTrapped(page, 'Gallery', 30);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Gallery' })).toHaveCount(0);
  await expectFocusVisible(galleryButton);
  await page.keyboard.press('Enter');
  const card = page.getByRole('button', { name: 'Open Duplicate payment' });
  await tabTo(page, card);
  await expectFocusVisible(card);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Scenario title' })).toHaveValue('Duplicate payment');
  await expectFocusVisible(galleryButton);

  // Add a producer and a topic from the palette: each lands on a free spot.
  for (const kind of ['Producer', 'Topic']) {
    const add = page.getByRole('button', { name: `Add ${kind}` });
    await tabTo(page, add);
    await expectFocusVisible(add);
    await page.keyboard.press('Enter');
    await expect(node(page, kind)).toHaveCount(1);
  }
  const boxes = await page.locator('svg.graph g.node .node-box').evaluateAll((els) =>
    els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
      expect(overlap, `boxes ${a} and ${b} overlap`).toBe(false);
    }
  }

  // Connect the producer to the topic from its menu (Shift+F10), which lists valid targets only.
  const producer = node(page, 'Producer');
  await tabTo(page, producer);
  await expectFocusVisible(producer);
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('dialog', { name: 'Producer menu' });
  await expect(menu).toBeVisible();
  expect(await focusDialog(page)).toBe('Producer menu');
  const connectTo = menu.getByRole('button', { name: 'Connect to…' });
  await tabTo(page, connectTo);
  await page.keyboard.press('Enter');
  const targets = menu.getByRole('group', { name: 'Connect Producer to' }).getByRole('button');
  // Exactly the targets the editor accepts: both topics (and the groups and databases a
  // producer may call or write), never another producer.
  await expect(targets.first()).toBeFocused();
  const offered = await targets.allTextContents();
  expect(offered).toContain('payments — Topic');
  expect(offered).toContain('Topic — Topic');
  expect(offered.filter((t) => t.endsWith('— Producer'))).toEqual([]);
  expect(offered.at(-1)).toBe('Back');
  await tabTo(page, menu.getByRole('button', { name: 'Topic — Topic' }));
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Producer publish Topic' })).toHaveCount(1);
  await expectFocusVisible(producer);
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('button', { name: 'Producer publish Topic' })).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByRole('button', { name: 'Producer publish Topic' })).toHaveCount(1);

  // Move it with the arrows: a grid step, Shift for four; each press is one undo step.
  await producer.focus();
  const [x0, y0] = await placeOf(producer);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  expect(await placeOf(producer)).toEqual([x0 + 48, y0 + 96]);
  await expectFocusVisible(producer);
  await page.keyboard.press('Control+z');
  expect(await placeOf(producer)).toEqual([x0 + 48, y0]);

  // Rename with F2; Enter gives the focus back to the node.
  await page.keyboard.press('F2');
  const field = page.getByRole('textbox', { name: 'Node name' });
  await expect(field).toBeFocused();
  await page.keyboard.type('Orders in');
  await page.keyboard.press('Enter');
  const renamed = node(page, 'Orders in');
  await expect(renamed).toHaveCount(1);
  await expectFocusVisible(renamed);

  // Run and pause from the run controls.
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await tabTo(page, play, true);
  await expectFocusVisible(play);
  await page.keyboard.press('Enter');
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await expectFocusVisible(pause);
  await expect(page.getByLabel('Simulated time')).not.toHaveText('0.000 s');
  await page.keyboard.press('Space');
  await expectFocusVisible(play);
  const stopped = await page.getByLabel('Simulated time').textContent();
  await page.waitForTimeout(300);
  await expect(page.getByLabel('Simulated time')).toHaveText(stopped!);

  // Share: a modal too; Escape closes it and the focus returns to Share.
  const share = page.getByRole('button', { name: 'Share' });
  await tabTo(page, share);
  await expectFocusVisible(share);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Share' })).toBeVisible();
  expect(await focusDialog(page)).toBe('Share');
  await expectTrapped(page, 'Share', 20);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Share' })).toHaveCount(0);
  await expectFocusVisible(share);
  await page.screenshot({ path: 'artifacts/keyboard-journey.png' });
  expect(consoleErrors).toEqual([]);
});
