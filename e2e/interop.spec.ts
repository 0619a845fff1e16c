// AsyncAPI and Mermaid (issue 16): every exported AsyncAPI document is valid for the AsyncAPI
// project's own parser, the test documents are valid before Fanout imports them, the Share menu's
// exports round-trip and render, and an import names what it assumed and can be undone.
import { test, expect, openApp, node } from './fixtures';
import { Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Parser } from '@asyncapi/parser';

const bin = process.env.FANOUT_BIN ?? 'target/debug/fanout';

const parser = new Parser();

/** Errors and warnings @asyncapi/parser finds in one document (hints are left out). */
async function problems(text: string): Promise<string[]> {
  const diagnostics = await parser.validate(text);
  return diagnostics
    .filter((d) => d.severity <= 1)
    .map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`);
}

/** The documents of a YAML stream (`---` between documents). */
const split = (stream: string) => stream.split(/^---$/m).map((d) => d.trim()).filter((d) => d);

const nodes = (page: Page) => page.locator('svg.graph g.node');

async function download(page: Page, button: string): Promise<string> {
  const file = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  return readFileSync((await (await file).path())!, 'utf8');
}

test('every lesson exported by `fanout export` is valid AsyncAPI 3.0 for @asyncapi/parser', async () => {
  test.setTimeout(180_000); // about 60 documents, each through the parser's full rule set
  const dir = mkdtempSync(join(tmpdir(), 'fanout-asyncapi-'));
  let documents = 0;
  for (const lesson of readdirSync('scenarios').filter((f) => f.endsWith('.json'))) {
    const files = execFileSync(bin, ['export', '--format', 'asyncapi', join('scenarios', lesson), '-o', join(dir, lesson)])
      .toString().trim().split('\n');
    for (const file of files) {
      expect(await problems(readFileSync(file, 'utf8')), file).toEqual([]);
      documents++;
    }
  }
  expect(documents).toBeGreaterThan(40);
});

test('the test documents under tests/asyncapi are valid before Fanout imports them', async () => {
  const files = readdirSync('tests/asyncapi').filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBeGreaterThanOrEqual(3);
  for (const f of files) {
    expect(await problems(readFileSync(join('tests/asyncapi', f), 'utf8')), f).toEqual([]);
  }
  // The refused ones are refused by the parser too (the unresolved reference).
  const broken = await problems(readFileSync('tests/asyncapi/invalid/unresolved-ref.yaml', 'utf8'));
  expect(broken.join('\n')).toContain('does not exist');
});

test('Share exports AsyncAPI that validates and imports back to the same scenario', async ({ page, consoleErrors }) => {
  await page.goto('/?gallery=order-lifecycle');
  await expect(nodes(page)).not.toHaveCount(0);
  const count = await nodes(page).count();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByRole('heading', { name: 'AsyncAPI and Mermaid' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/interop-share.png' });
  const before = await download(page, 'Export JSON');
  const stream = await download(page, 'Export AsyncAPI');
  await expect(page.getByRole('status').filter({ hasText: 'AsyncAPI documents' })).toBeVisible();
  const docs = split(stream);
  expect(docs.length).toBeGreaterThanOrEqual(4);
  for (const doc of docs) expect(await problems(doc)).toEqual([]);
  await page.getByLabel('Import JSON or AsyncAPI').setInputFiles({
    name: 'order-lifecycle.asyncapi.yaml', mimeType: 'application/yaml', buffer: Buffer.from(stream),
  });
  await expect(page.getByText('Scenario imported. Undo brings back the previous one.')).toBeVisible();
  await expect(nodes(page)).toHaveCount(count);
  await page.getByRole('button', { name: 'Share' }).click();
  expect(await download(page, 'Export JSON')).toBe(before);
});

test('importing an AsyncAPI document lists what it assumed, and Undo brings the work back', async ({ page, consoleErrors }) => {
  await openApp(page);
  const before = await nodes(page).count();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON or AsyncAPI').setInputFiles('tests/asyncapi/shop.yaml');
  await expect(page.getByText(/AsyncAPI imported with 3 assumption\(s\)/)).toBeVisible();
  await expect(page.getByText(/fraud-audit: Mean processing time 10 ms/).first()).toBeVisible();
  for (const name of ['Order service', 'fraud-audit', 'shop.orders', 'shop.payments']) {
    await expect(node(page, name)).toBeVisible();
  }
  await expect(page.getByText('Imported from AsyncAPI. Assumed where the documents say nothing').first()).toBeVisible();
  await page.screenshot({ path: 'artifacts/interop-import.png' });
  // What was assumed is a setting like any other: the inspector edits it.
  await node(page, 'fraud-audit').click();
  await expect(page.getByLabel('Mean processing time')).toHaveValue('10');
  await page.keyboard.press('Control+z');
  await expect(nodes(page)).toHaveCount(before);
  await expect(node(page, 'fraud-audit')).toHaveCount(0);
});

test('several AsyncAPI files chosen together are one system: shared channels are one topic', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON or AsyncAPI')
    .setInputFiles(['tests/asyncapi/billing.yaml', 'tests/asyncapi/shipping.yaml']);
  await expect(page.getByText(/AsyncAPI imported with 4 assumption\(s\)/)).toBeVisible();
  for (const name of ['Billing', 'Shipping', 'shop.orders', 'shop.payments']) {
    await expect(node(page, name)).toBeVisible();
  }
  await expect(nodes(page)).toHaveCount(4);
});

test('a file that is not AsyncAPI 3.0 gets a clear message and nothing is lost', async ({ page, consoleErrors }) => {
  await openApp(page);
  const before = await nodes(page).count();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON or AsyncAPI').setInputFiles('tests/asyncapi/invalid/asyncapi-2.yaml');
  await expect(page.getByRole('alert')).toContainText('this is AsyncAPI 2.6.0; Fanout reads AsyncAPI 3.0');
  await page.getByLabel('Import JSON or AsyncAPI').setInputFiles('tests/asyncapi/invalid/unresolved-ref.yaml');
  await expect(page.getByRole('alert')).toContainText('`#/components/messages/OrderPlaced` is unresolved');
  await expect(nodes(page)).toHaveCount(before);
});

test('the Mermaid export renders with mermaid, and Copy gives the same text', async ({ page, context, consoleErrors }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?gallery=poison-message-and-dlq');
  await expect(nodes(page)).not.toHaveCount(0);
  await page.getByRole('button', { name: 'Share' }).click();
  const text = await download(page, 'Export Mermaid');
  expect(text).toMatch(/^flowchart LR\n/);
  await page.getByRole('button', { name: 'Copy Mermaid' }).click();
  await expect(page.getByText('Mermaid flowchart copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

  const view = await context.newPage();
  await view.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await view.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  const svg = await view.evaluate(async (source) => {
    const mermaid = (window as any).mermaid;
    mermaid.initialize({ startOnLoad: false });
    const { svg } = await mermaid.render('scenario', source);
    document.getElementById('out')!.innerHTML = svg;
    return svg as string;
  }, text);
  expect(svg).toContain('orders.DLQ');
  await expect(view.locator('#out g.node')).toHaveCount(7);
  // Two dead-letter paths, drawn dashed.
  await expect(view.locator('#out g.edgeLabel', { hasText: 'dead-letter' })).toHaveCount(2);
  await expect(view.locator('#out path.edge-pattern-dotted')).toHaveCount(2);
  await view.screenshot({ path: 'artifacts/interop-mermaid.png' });
});
