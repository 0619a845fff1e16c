// A seed worker (src/ui/seed_pool.rs): runs seeds of a scenario off the page's main thread with
// the page's own wasm module. The first message names the page's wasm-bindgen script and hands
// over the compiled module; each later one asks for one seed and is answered with its result
// as JSON ({index, run}) or an error ({index, error}). Jobs that arrive while the module loads
// wait for it. The module's start function sees no window here and mounts nothing.
let ready;
onmessage = (e) => {
  const m = e.data;
  if (m.init) {
    ready = import(m.init).then(async (b) => { await b.default({ module_or_path: m.module }); return b; });
    return;
  }
  ready
    .then((b) => postMessage({ index: m.index, run: b.seed_run(m.scenario, m.until_us, m.index) }))
    .catch((err) => postMessage({ index: m.index, error: String(err) }));
};
