// Shared test fixture: every page fails its test on a console error or an uncaught exception.
import { test as base, expect, Page } from '@playwright/test';

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(String(err)));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});
export { expect };

/** Opens the app and waits until Yew has mounted the shell. */
export async function openApp(page: Page, path = '/') {
  await page.goto(path);
  await expect(page.getByRole('banner')).toBeVisible();
}
