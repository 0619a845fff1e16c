// Journey: a visitor opens Fanout and sees the whole playground, on a laptop and on a phone,
// in light and dark themes.
import { test, expect, openApp } from './fixtures';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`shell renders on a laptop (${colorScheme})`, async ({ page, consoleErrors }) => {
    await page.emulateMedia({ colorScheme });
    await openApp(page);
    await expect(page).toHaveTitle(/Fanout/);
    await expect(page.getByRole('textbox', { name: 'Scenario title' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Palette' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add Producer' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Canvas' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Metrics' })).toBeVisible();
    await page.screenshot({ path: `artifacts/shell-1280-${colorScheme}.png` });
    expect(consoleErrors).toEqual([]);
  });

  test(`shell adapts to a phone (${colorScheme})`, async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme });
    await openApp(page);
    // Side panels collapse behind toggles on a narrow screen.
    const palette = page.getByRole('complementary', { name: 'Palette' });
    await expect(palette).not.toBeInViewport();
    await page.getByRole('button', { name: 'Palette' }).click();
    await expect(palette).toBeInViewport();
    await page.getByRole('button', { name: 'Palette' }).click();
    await expect(palette).not.toBeInViewport();
    await expect(page.getByRole('region', { name: 'Canvas' })).toBeVisible();
    await page.screenshot({ path: `artifacts/shell-390-${colorScheme}.png` });
    expect(consoleErrors).toEqual([]);
  });
}
