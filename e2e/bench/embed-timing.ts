// The embed benchmarks' measuring kit (e2e/bench/embed.bench.ts on loopback, network.bench.ts
// over an emulated mobile network): a probe in the top document that notes the first frame
// showing a graph node (and a particle), each frame's timing entries, and the summary lines.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { percentile, report } from './helpers';

/** Cold runs per case (each in a new context). */
export const RUNS = Number(process.env.BENCH_RUNS ?? 10);

/**
 * Runs in the top document before any of its scripts (Playwright's init scripts do not reliably
 * reach an iframe's document, so the top document watches its same-origin iframes itself). After
 * each frame's rendering step (a requestAnimationFrame callback posts a message; the message task
 * runs after that frame's style, layout and paint), it looks at its own document and each
 * iframe's, and records in `performance.now()` of the top document (zero = navigation start):
 * - `nodeFrame`: the first rendering step after which the document holds a `svg.graph g.node`;
 * - `particle` (when `particles`): the first one after which its `canvas.particles` holds a
 *   non-transparent pixel.
 * For the top document it also records `nodeDom`, the insertion of the first node itself
 * (MutationObserver, a microtask after the insertion).
 */
export function probe({ particles }: { particles: boolean }) {
  if (window !== window.top) return;
  const docs: Record<string, { nodeFrame?: number; particle?: number }> = {};
  const m: { nodeDom?: number; docs: typeof docs } = { docs };
  (window as any).__embedBench = m;
  const mo = new MutationObserver(() => {
    if (document.querySelector('svg.graph g.node')) {
      m.nodeDom = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  const drawn = (d: Document) => {
    const c = d.querySelector('canvas.particles') as HTMLCanvasElement | null;
    if (!c || c.width === 0 || c.height === 0) return false;
    const ctx = c.getContext('2d');
    if (!ctx) return false;
    const px = new Uint32Array(ctx.getImageData(0, 0, c.width, c.height).data.buffer);
    for (let i = 0; i < px.length; i++) if (px[i] !== 0) return true;
    return false;
  };
  const check = () => {
    const now = performance.now();
    const all: Document[] = [document];
    for (const f of Array.from(document.querySelectorAll('iframe'))) {
      const d = f.contentDocument;
      if (d && d.location.protocol !== 'about:') all.push(d);
    }
    for (const d of all) {
      const key = d.location.pathname + d.location.search;
      const r = (docs[key] ??= {});
      if (r.nodeFrame === undefined && d.querySelector('svg.graph g.node')) r.nodeFrame = now;
      if (particles && r.particle === undefined && drawn(d)) r.particle = now;
    }
  };
  const until = performance.now() + 60_000;
  const poll = () => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      check();
      if (performance.now() < until) poll();
    };
    ch.port2.postMessage(0);
  });
  poll();
}

export interface FrameFigures {
  url: string;
  /** Milestones in ms since the top page's navigation start. */
  docEnd: number; wasmEnd: number; nodeDom?: number; nodeFrame?: number; particle?: number;
  /** Document + resources of this frame: bytes on the wire (headers included) and bodies. */
  transfer: number; body: number; requests: number;
}

/** Reads the probe and every frame's timing entries, times rebased on the top document's origin. */
export async function collect(page: Page): Promise<FrameFigures[]> {
  const { top, probe } = await page.evaluate(() => ({ top: performance.timeOrigin, probe: (window as any).__embedBench }));
  const out: FrameFigures[] = [];
  for (const [i, f] of page.frames().entries()) {
    const r = await f.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const wasm = res.find((e) => new URL(e.name).pathname.endsWith('.wasm'));
      const all = [...(nav ? [nav] : []), ...res];
      return {
        url: location.pathname + location.search,
        origin: performance.timeOrigin,
        docEnd: nav?.responseEnd ?? NaN,
        wasmEnd: wasm?.responseEnd ?? NaN,
        transfer: all.reduce((s, e) => s + e.transferSize, 0),
        body: all.reduce((s, e) => s + e.encodedBodySize, 0),
        requests: all.length,
      };
    });
    const shift = r.origin - top;
    const d = probe.docs[r.url] ?? {};
    out.push({
      url: r.url, docEnd: r.docEnd + shift, wasmEnd: r.wasmEnd + shift,
      nodeDom: i === 0 ? probe.nodeDom : undefined, nodeFrame: d.nodeFrame, particle: d.particle,
      transfer: r.transfer, body: r.body, requests: r.requests,
    });
  }
  return out;
}

export interface Case {
  name: string;
  url: string;
  viewport: { width: number; height: number };
  particles: boolean;
  /** How many frames must show a node (and, with `particles`, how many a particle) to be done. */
  nodes: number; particleFrames: number;
}


export async function load(
  ctx: BrowserContext, c: Case, prepare?: (page: Page) => Promise<void>,
): Promise<FrameFigures[]> {
  const page = await ctx.newPage();
  if (prepare) await prepare(page);
  await page.goto(c.url, { waitUntil: 'commit' });
  await page.waitForFunction(({ nodes, particleFrames }) => {
    const docs = Object.values((window as any).__embedBench?.docs ?? {}) as any[];
    return docs.filter((d) => d.nodeFrame !== undefined).length >= nodes
      && docs.filter((d) => d.particle !== undefined).length >= particleFrames;
  }, { nodes: c.nodes, particleFrames: c.particleFrames }, { timeout: 30_000, polling: 50 });
  const figures = await collect(page);
  await page.close();
  return figures;
}

const fmt = (xs: number[]) => `${percentile(xs, 50).toFixed(0)}/${percentile(xs, 90).toFixed(0)}ms`;

export function summarise(name: string, runs: FrameFigures[][]) {
  const col = (pick: (r: FrameFigures[]) => number | undefined) =>
    runs.map(pick).filter((x): x is number => x !== undefined && Number.isFinite(x));
  const app = (r: FrameFigures[]) => r.filter((f) => f.nodeFrame !== undefined);
  const fields: Record<string, string | number> = {
    runs: runs.length,
    'doc(p50/p90)': fmt(col((r) => r[0].docEnd)),
    'wasm-fetched': fmt(col((r) => Math.max(...app(r).map((f) => f.wasmEnd)))),
    ...(runs[0][0].nodeDom !== undefined ? { 'first-node-dom': fmt(col((r) => r[0].nodeDom)) } : {}),
    'first-node-frame': fmt(col((r) => Math.min(...app(r).map((f) => f.nodeFrame!)))),
  };
  if (runs[0].filter((f) => f.nodeFrame !== undefined).length > 1) {
    fields['last-node-frame'] = fmt(col((r) => Math.max(...app(r).map((f) => f.nodeFrame!))));
  }
  if (runs[0].some((f) => f.particle !== undefined)) {
    fields['first-particle'] = fmt(col((r) => Math.min(...app(r).filter((f) => f.particle !== undefined).map((f) => f.particle!))));
    if (runs[0].filter((f) => f.particle !== undefined).length > 1) {
      fields['last-particle'] = fmt(col((r) => Math.max(...app(r).map((f) => f.particle!))));
    }
  }
  const sum = (r: FrameFigures[], k: 'transfer' | 'body' | 'requests') => r.reduce((s, f) => s + f[k], 0);
  fields['transfer(p50)'] = `${percentile(col((r) => sum(r, 'transfer')), 50)}B`;
  fields['bodies(p50)'] = `${percentile(col((r) => sum(r, 'body')), 50)}B`;
  fields.requests = percentile(col((r) => sum(r, 'requests')), 50);
  report(name, fields);
}

export async function newContext(browser: Browser, baseURL: string | undefined, c: Case) {
  const ctx = await browser.newContext({ baseURL, viewport: c.viewport });
  await ctx.addInitScript(probe, { particles: c.particles });
  return ctx;
}

