import { test, expect } from './fixtures';
const slugs = ['checkout-fan-out','direct-calls-vs-events','duplicate-payment','poison-message-and-dlq','consumer-down-for-an-hour','out-of-order-events','outbox','order-lifecycle','cqrs-and-replay','delivery-guarantees','schema-change','user-registered'];
for (const s of slugs) {
  test(`shot ${s}`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`/?gallery=${s}`);
    await expect(page.getByRole('banner')).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shots/${s}-open.png` });
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    const end = Number(await timeline.getAttribute('max'));
    await timeline.evaluate((el: HTMLInputElement, t) => { el.value = String(t); el.dispatchEvent(new Event('input', { bubbles: true })); }, end);
    await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shots/${s}-end.png` });
  });
}
