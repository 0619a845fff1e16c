//! The gallery's trace-hash table, shared by the native test that pins it
//! (`engine_timeline.rs`) and the browser test that checks wasm against it (`engine_wasm.rs`).

use fanout::engine::Simulation;
use fanout::scenario::gallery;

/// Simulated time each gallery scenario runs before its hash is taken, in µs.
const UNTIL_US: u64 = 10_000_000;

/// One line per gallery scenario: `slug hash`, as in `tests/engine_trace_hashes.txt`.
pub fn gallery_trace_table() -> Vec<String> {
    gallery::all()
        .into_iter()
        .map(|e| {
            let mut s = Simulation::new(&e.scenario).expect("gallery scenarios are valid");
            s.advance_to(UNTIL_US);
            format!("{} {:016x}", e.slug, s.trace_hash())
        })
        .collect()
}

/// The pinned table.
pub fn pinned() -> Vec<&'static str> {
    include_str!("../engine_trace_hashes.txt").lines().collect()
}
