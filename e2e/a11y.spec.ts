// Accessibility scan (axe-core, WCAG rules) of the main screens, in both themes: the editor, a
// lesson running, the metrics drawer on each tab, the gallery, Share, a node's menu, a cluster
// lesson with a broker's menu, an embed and a phone. No serious or critical violation is
// allowed; the list says what and where if one is.
import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { test, expect, openApp, node, seek } from './fixtures';

/** Serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary}`));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('editor, running lesson, metrics tabs', async ({ page, consoleErrors }) => {
      test.setTimeout(90_000);
      await openApp(page);
      expect(await violations(page), 'editor').toEqual([]);

      await openApp(page, '/?gallery=poison-message-and-dlq');
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await expect(page.getByLabel('Simulated time')).not.toHaveText('0.000 s');
      await page.waitForTimeout(1500);
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      expect(await violations(page), 'running lesson').toEqual([]);
      for (const tab of ['Groups', 'Charts', 'Events']) {
        await page.getByRole('tab', { name: tab }).click();
        expect(await violations(page), `metrics: ${tab}`).toEqual([]);
      }
      // Compare mode: the changed settings, the side-by-side table and both checks.
      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByRole('button', { name: 'Make a variant' }).click();
      await expect(page.getByRole('table', { name: 'A and B side by side' })).toBeVisible();
      expect(await violations(page), 'metrics: Compare').toEqual([]);
      // A selected node fills the inspector with its settings.
      await page.getByRole('button', { name: 'Shipping (no backoff) — Consumer group' }).click();
      expect(await violations(page), 'inspector').toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    test('gallery, share and a node menu', async ({ page, consoleErrors }) => {
      test.setTimeout(90_000);
      await openApp(page);
      await page.getByRole('button', { name: 'Gallery' }).click();
      await expect(page.getByRole('dialog', { name: 'Gallery' })).toBeVisible();
      expect(await violations(page), 'gallery').toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Share' }).click();
      await expect(page.getByRole('dialog', { name: 'Share' })).toBeVisible();
      expect(await violations(page), 'share').toEqual([]);
      await page.keyboard.press('Escape');
      await node(page, 'Profile').click({ button: 'right' });
      const menu = page.getByRole('dialog', { name: 'Profile menu' });
      await menu.getByRole('button', { name: 'Connect to…' }).click();
      expect(await violations(page), 'node menu').toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    test('a cluster lesson: the lane, partitions on the canvas and a broker menu', async ({ page, consoleErrors }) => {
      test.setTimeout(90_000);
      await openApp(page, '/?gallery=acks-1-failover');
      await seek(page, 25);
      await expect(page.getByRole('list', { name: 'Partitions of orders-acks1' })).toBeVisible();
      expect(await violations(page), 'cluster lesson').toEqual([]);
      await page.getByRole('list', { name: 'Cluster' }).getByRole('button', { name: /^broker-2 / }).click();
      await expect(page.getByRole('dialog', { name: 'broker-2 menu' })).toBeVisible();
      expect(await violations(page), 'broker menu').toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    test('embed and phone', async ({ page, consoleErrors }) => {
      test.setTimeout(90_000);
      await openApp(page, '/?embed&autoplay&gallery=duplicate-payment');
      await expect(page.getByLabel('Simulated time')).not.toHaveText('0.000 s');
      expect(await violations(page), 'embed').toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await openApp(page, '/?gallery=duplicate-payment');
      expect(await violations(page), 'phone').toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });
}
