//! Frame timings for the browser benchmark: a bounded ring of (frame interval, the app's own
//! work) per played frame, read by Playwright through `window.wasmBindings`.

use std::cell::RefCell;
use std::collections::VecDeque;

use wasm_bindgen::prelude::wasm_bindgen;

/// Frames kept (about 10 s at 60 fps).
const MAX_FRAMES: usize = 600;

thread_local! {
    static FRAMES: RefCell<VecDeque<(f64, f64)>> = const { RefCell::new(VecDeque::new()) };
}

/// Records one played frame: the time since the previous frame and the work this one did, ms.
pub fn record_frame(interval_ms: f64, work_ms: f64) {
    FRAMES.with(|f| {
        let mut f = f.borrow_mut();
        if f.len() == MAX_FRAMES {
            f.pop_front();
        }
        f.push_back((interval_ms, work_ms));
    });
}

/// Frame intervals then work times, flattened: `[i0, w0, i1, w1, …]` (ms). Clears the ring.
#[wasm_bindgen(js_name = fanoutTakeFrameTimes)]
pub fn take_frame_times() -> Vec<f64> {
    FRAMES.with(|f| f.borrow_mut().drain(..).flat_map(|(i, w)| [i, w]).collect())
}

/// Bytes of the page's WebAssembly memory. It grows and never shrinks, so this is the peak of
/// the page's life so far: what the memory benchmarks read after a long seek.
#[wasm_bindgen(js_name = fanoutWasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size::<0>();
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0;
    (pages as f64) * 65_536.0
}
