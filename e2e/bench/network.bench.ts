// An embed's time to its first drawn node over an emulated mobile network, the light viewer beside
// the editor's build (issue 15 asks for both figures). Not a test: nothing fails on a slow figure.
// `scripts/bench-browser.sh -g "over"` runs it.
//
// What a reader's browser gets from a static host, as far as a local machine can give it:
// - a server that gzips (as GitHub Pages and every CDN do), here a few lines of Node's own `http`
//   and `zlib` on loopback serving dist/, with the right type for wasm so it compiles while it
//   streams in;
// - Chromium's network emulation (DevTools protocol `Network.emulateNetworkConditions`) with
//   DevTools' own presets, which already scale Lighthouse's packet-level figures for request-level
//   emulation: "Slow 4G" (562.5 ms latency, 1.6 Mbps × 0.9 down) and "Fast 4G" (165 ms,
//   9 Mbps × 0.9 down);
// - with "phone", also 4× CPU slow-down (`Emulation.setCPUThrottlingRate`), Lighthouse's mobile
//   setting: compiling the wasm and the first run are CPU work a phone does more slowly.
// Each run is a new browser context, so nothing is cached.
import { test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RUNS, load, newContext, summarise } from './embed-timing';
import type { Case, FrameFigures } from './embed-timing';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json',
};

/** dist/ over HTTP with gzip, each file compressed once (level 9, as scripts/size-budget.sh). */
function gzipServer(root: string): Promise<{ server: Server; url: string }> {
  const cache = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
    } catch { res.writeHead(404).end(); return; }
    let body = cache.get(file);
    if (!body) { body = gzipSync(readFileSync(file), { level: 9 }); cache.set(file, body); }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-encoding': 'gzip',
      'content-length': body.length,
      'cache-control': 'no-cache',
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    resolve({ server, url: `http://127.0.0.1:${port}` });
  }));
}

interface Profile { name: string; latency: number; down: number; up: number; cpu: number }

const kbps = (k: number) => (k * 1000) / 8;
/** DevTools' presets (bytes per second; latency in ms). */
const profiles: Profile[] = [
  { name: 'slow-4g', latency: 562.5, down: kbps(1600 * 0.9), up: kbps(750 * 0.9), cpu: 1 },
  { name: 'fast-4g', latency: 165, down: kbps(9000 * 0.9), up: kbps(1500 * 0.9), cpu: 1 },
  { name: 'slow-4g-phone', latency: 562.5, down: kbps(1600 * 0.9), up: kbps(750 * 0.9), cpu: 4 },
];

const frame = { viewport: { width: 720, height: 460 }, particles: false, nodes: 1, particleFrames: 0 };
const builds: Case[] = [
  { name: 'viewer', url: '/?embed&gallery=checkout-fan-out', ...frame },
  { name: 'editor', url: '/?embed&edit&gallery=checkout-fan-out', ...frame },
];

function throttle(p: Profile) {
  return async (page: Page) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: p.latency, downloadThroughput: p.down, uploadThroughput: p.up,
    });
    if (p.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: p.cpu });
  };
}

let served: { server: Server; url: string };
test.beforeAll(async () => { served = await gzipServer(normalize(join(process.cwd(), 'dist'))); });
test.afterAll(async () => { served.server.close(); });

for (const p of profiles) {
  for (const c of builds) {
    test(`embed over ${p.name}: ${c.name}`, async ({ browser }) => {
      const runs: FrameFigures[][] = [];
      // Fewer runs than on loopback: each takes seconds, and the network's figures are its own.
      for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
        const ctx = await newContext(browser, served.url, c);
        runs.push(await load(ctx, c, throttle(p)));
        await ctx.close();
      }
      summarise(`${c.name}-${p.name}`, runs);
    });
  }
}
