// Shared test fixture: every page fails its test on a console error or an uncaught exception.
import { test as base, expect, Page, Locator } from '@playwright/test';

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

/** A node on the canvas by its name (its accessible name is "Name — Kind"). */
export const node = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name} — `) });

/** The centre of an element on screen. */
export async function center(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not visible');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** A point of the canvas, as fractions of its width and height. */
export async function canvasPoint(page: Page, fx: number, fy: number) {
  const b = await page.locator('svg.graph').boundingBox();
  if (!b) throw new Error('no canvas');
  return { x: b.x + b.width * fx, y: b.y + b.height * fy };
}

/** Drags a palette item onto the canvas, with the mouse, as a person does. */
export async function dragFromPalette(page: Page, kind: string, fx: number, fy: number) {
  const from = await center(page.getByRole('button', { name: `Add ${kind}` }));
  const to = await canvasPoint(page, fx, fy);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** Drags from a node's output port onto another node. */
export async function connect(page: Page, from: string, to: string) {
  const port = await center(node(page, from).locator('.port.out'));
  const target = await center(node(page, to));
  await page.mouse.move(port.x, port.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 8 });
  await page.mouse.up();
}

/** Opens the app on an empty canvas. */
export async function newScenario(page: Page) {
  await openApp(page);
  await page.getByRole('button', { name: 'New scenario' }).click();
  await expect(page.locator('svg.graph g.node')).toHaveCount(0);
}

/** Seeks the timeline to `seconds`, as dragging its slider does, and waits for the seek to end. */
export async function seek(page: Page, seconds: number) {
  await page.getByRole('slider', { name: 'Timeline' }).evaluate((el: HTMLInputElement, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, seconds);
  await expect(page.getByLabel('Simulated time')).toHaveText(`${seconds.toFixed(3)} s`);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0);
}
