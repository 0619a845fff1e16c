// Journey: a visitor on a phone (390 × 844 and 360 × 740, touch) never scrolls sideways, reaches
// and taps every run and edit control, keeps the metrics drawer's Hide on screen, sees the
// palette step aside after adding a node, and opens a graph whose text can be read.
import { Locator, Page } from '@playwright/test';
import { test, expect, openApp, node } from './fixtures';

const phones = [{ width: 390, height: 844 }, { width: 360, height: 740 }];
/** Smallest node-name size the fitted view may show, in CSS pixels (editor::viewport). */
const MIN_TEXT_PX = 11;

/** The page is no wider than the phone: nothing scrolls sideways. */
async function expectNoSideScroll(page: Page, width: number) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: innerWidth,
  }));
  expect(inner).toBe(width);
  expect(scroll).toBeLessThanOrEqual(width);
}

/** Visible, whole on screen, at least 24 × 24 px (WCAG 2.5.8), and not covered by anything. */
async function expectTappable(control: Locator) {
  await expect(control).toBeVisible();
  await expect(control).toBeInViewport({ ratio: 1 });
  const box = (await control.boundingBox())!;
  expect(box.width, 'target width').toBeGreaterThanOrEqual(24);
  expect(box.height, 'target height').toBeGreaterThanOrEqual(24);
  const onTop = await control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });
  expect(onTop, 'nothing covers it').toBe(true);
}

/** The rendered size of node names on the canvas, in CSS pixels. */
async function nodeNamePx(page: Page) {
  return page.locator('svg.graph .node-name').first().evaluate((el) => {
    const scale = (el as SVGGraphicsElement).getScreenCTM()!.a;
    return scale * parseFloat(getComputedStyle(el).fontSize);
  });
}

const clock = (page: Page) => page.getByLabel('Simulated time');

for (const phone of phones) {
  test.describe(`phone ${phone.width}×${phone.height}`, () => {
    test.use({ viewport: phone, hasTouch: true, isMobile: true });
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `artifacts/phone/${phone.width}-${name}.png` });

    test('every control is reachable and nothing scrolls sideways', async ({ page, consoleErrors }) => {
      await openApp(page);
      await expectNoSideScroll(page, phone.width);
      const run = page.getByRole('group', { name: 'Run' });
      for (const control of [
        run.getByRole('button', { name: 'Play' }), run.getByRole('button', { name: 'Step', exact: true }),
        run.getByRole('button', { name: 'Reset' }), run.getByRole('combobox', { name: 'Speed' }),
        run.getByRole('slider', { name: 'Timeline' }),
        page.getByRole('button', { name: 'Undo' }), page.getByRole('button', { name: 'Redo' }),
        page.getByRole('button', { name: 'Palette' }), page.getByRole('button', { name: 'Inspector' }),
        page.getByRole('button', { name: 'Recent drafts' }), page.getByRole('button', { name: 'Gallery' }),
        page.getByRole('button', { name: 'Share' }), page.getByRole('button', { name: 'Fit view' }),
        page.getByRole('region', { name: 'Metrics' }).getByRole('button', { name: 'Hide' }),
      ]) {
        // Undo and Redo are disabled until there is something to undo: still on screen.
        await expectTappable(control);
      }
      await shot(page, 'editor');

      // The graph opens legible (not shrunk to fit the whole of it), starting where it starts.
      expect(await nodeNamePx(page)).toBeGreaterThanOrEqual(MIN_TEXT_PX - 0.01);
      await expect(node(page, 'Sign-up')).toBeInViewport({ ratio: 1 });

      // Run controls work by touch.
      await run.getByRole('button', { name: 'Play' }).tap();
      await expect(run.getByRole('button', { name: 'Pause' })).toBeVisible();
      await page.waitForTimeout(600);
      await shot(page, 'running');
      await run.getByRole('button', { name: 'Pause' }).tap();
      await run.getByRole('button', { name: 'Reset' }).tap();
      await expect(clock(page)).toHaveText('0.000 s');
      // Step runs one engine event; the first few happen at time zero.
      await expect(async () => {
        await run.getByRole('button', { name: 'Step', exact: true }).tap();
        await expect(clock(page)).not.toHaveText('0.000 s', { timeout: 200 });
      }).toPass();
      await run.getByRole('combobox', { name: 'Speed' }).selectOption('10');
      await run.getByRole('slider', { name: 'Timeline' }).fill('5');
      await expect(clock(page)).toHaveText('5.000 s');
      await expectNoSideScroll(page, phone.width);

      // The drawer folds away and comes back.
      const drawer = page.getByRole('region', { name: 'Metrics' });
      await drawer.getByRole('button', { name: 'Hide' }).tap();
      await expect(page.locator('#metrics-body')).toBeHidden();
      await expectTappable(drawer.getByRole('button', { name: 'Show' }));
      await drawer.getByRole('button', { name: 'Show' }).tap();
      await expect(page.locator('#metrics-body')).toBeVisible();
      expect(consoleErrors).toEqual([]);
    });

    test('the palette steps aside after adding; undo and redo by touch', async ({ page, consoleErrors }) => {
      await openApp(page);
      const palette = page.getByRole('complementary', { name: 'Palette' });
      await page.getByRole('button', { name: 'Palette' }).tap();
      await expect(palette).toBeInViewport();
      await shot(page, 'palette');
      await page.getByRole('button', { name: 'Add Topic' }).tap();
      await expect(palette).not.toBeInViewport();
      // The new node sits in view at the centre of the canvas, on nothing else.
      await expect(node(page, 'Topic')).toBeInViewport({ ratio: 1 });
      await shot(page, 'added');
      await page.getByRole('button', { name: 'Undo' }).tap();
      await expect(node(page, 'Topic')).toHaveCount(0);
      await page.getByRole('button', { name: 'Redo' }).tap();
      await expect(node(page, 'Topic')).toHaveCount(1);
      await expectNoSideScroll(page, phone.width);
      expect(consoleErrors).toEqual([]);
    });

    test('a lesson and an embed open legible, without sideways scroll', async ({ page, consoleErrors }) => {
      await openApp(page, '/?gallery=checkout-fan-out');
      await expectNoSideScroll(page, phone.width);
      expect(await nodeNamePx(page)).toBeGreaterThanOrEqual(MIN_TEXT_PX - 0.01);
      await shot(page, 'lesson');
      await page.getByRole('button', { name: 'Share' }).tap();
      await expect(page.getByRole('dialog', { name: 'Share' })).toBeInViewport();
      await expectNoSideScroll(page, phone.width);
      await shot(page, 'share');
      await page.getByRole('button', { name: 'Close share' }).tap();

      await openApp(page, '/?embed&gallery=checkout-fan-out');
      await expectNoSideScroll(page, phone.width);
      const run = page.getByRole('group', { name: 'Run' });
      for (const name of ['Play', 'Step', 'Reset']) await expectTappable(run.getByRole('button', { name }));
      await expectTappable(run.getByRole('combobox', { name: 'Speed' }));
      await expectTappable(run.getByRole('slider', { name: 'Timeline' }));
      expect(await nodeNamePx(page)).toBeGreaterThanOrEqual(MIN_TEXT_PX - 0.01);
      await shot(page, 'embed');
      expect(consoleErrors).toEqual([]);
    });
  });
}
