//! Validation of the worst documents within the limits (most mappings, edges, event types,
//! nodes; `benches/support/worst_case.rs`), and of the document issue 10 measured at 23 s. A
//! link opened by a stranger is validated in the reader's tab, so each must take well under
//! 50 ms natively. Opening from JSON (`Scenario::from_json`) is measured too.
//!
//! Run: `cargo bench --bench validate` (figures in BENCHMARKS.md, section "Validation").

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use fanout::scenario::Scenario;
use std::hint::black_box;

#[path = "support/worst_case.rs"]
mod worst_case;

fn validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.sample_size(20);
    for (name, s) in worst_case::all() {
        g.bench_with_input(BenchmarkId::from_parameter(name), &s, |b, s| {
            b.iter(|| black_box(s.validate()))
        });
    }
    g.finish();
}

fn open_json(c: &mut Criterion) {
    let mut g = c.benchmark_group("from_json");
    g.sample_size(20);
    for (name, s) in worst_case::all() {
        let text = s.to_json();
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| black_box(Scenario::from_json(text)))
        });
    }
    g.finish();
}

criterion_group!(benches, validate, open_json);
criterion_main!(benches);
