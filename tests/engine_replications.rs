//! Seed runs: the confidence interval against a known answer (M/M/1), the seeds, the summary,
//! and that threads do not change a seed's result.

use fanout::engine::replications::{
    replicate, replicate_on_threads, replication_seed, run_seed, run_seeds, Measure, SeedSummary,
};
use fanout::engine::{secs_to_us, HEADLINES};
use fanout::scenario::*;
use fanout::stats::Interval;

mod queueing_support;
use queueing_support::mm1;

/// The 95 % interval of the mean time in system, from independent seeds, covers the theory's
/// W = 1/(μ−λ) in about 95 % of batches. Each batch is 10 seeds of 120 s (6,000 arrivals at
/// λ = 50/s; the queue forgets its empty start within a second at ρ = 0.5). With 24 batches,
/// an unbiased engine covers W in 20 or more with probability 0.994 (22 here); an engine whose
/// mean time in system were 5 % off (about two half-widths: they are near 0.5 ms) would cover it
/// in few.
#[test]
fn mm1_time_in_system_lies_in_the_interval_in_most_batches() {
    let (lambda, mu) = (50.0, 100.0);
    let w_ms = 1000.0 / (mu - lambda);
    let batches = 24u32;
    let per_batch = 10u32;
    let intervals = replicate_on_threads(batches * per_batch, 2, |i| {
        // Batch b's seeds are 1000·b + 0 … 9: no seed is shared between batches.
        let s = mm1(lambda, mu, 1000 * u64::from(i / per_batch));
        replicate(&s, secs_to_us(120.0), i % per_batch, |sim, _| {
            sim.metrics().groups[0].mean_time_in_system_us / 1000.0
        })
    })
    .expect("the M/M/1 scenario runs");
    let mut covered = 0;
    for (b, w) in intervals.chunks(per_batch as usize).enumerate() {
        let i = Interval::of(w).expect("ten values");
        println!("batch {b}: W = {:.3} ± {:.3} ms (theory {w_ms:.3})", i.mean, i.half_width);
        assert!(i.half_width > 0.0 && i.half_width < 0.1 * w_ms, "batch {b}: {i:?}");
        covered += u32::from(i.contains(w_ms));
    }
    println!("{covered} of {batches} intervals cover W");
    assert!(covered >= 20, "only {covered} of {batches} 95 % intervals cover W = {w_ms} ms");
}

#[test]
fn seeds_follow_the_scenario_seed() {
    assert_eq!(replication_seed(7, 0), 7);
    assert_eq!(replication_seed(7, 29), 36);
    assert_eq!(replication_seed(u64::MAX, 1), 0);
    let s = mm1(50.0, 100.0, 7);
    let run = run_seed(&s, secs_to_us(5.0), 2).expect("runs");
    assert_eq!(run.seed, 9);
    // Run i is the single run with seed s + i.
    let mut alone = s.clone();
    alone.seed = 9;
    let mut sim = fanout::engine::Simulation::new(&alone).expect("runs");
    sim.advance_to(secs_to_us(5.0));
    assert_eq!(run.trace_hash, format!("{:016x}", sim.trace_hash()));
}

#[test]
fn a_seeds_result_does_not_depend_on_threads() {
    let s = gallery::find("checkout-fan-out").expect("lesson").scenario;
    let d = secs_to_us(20.0);
    let one = run_seeds(&s, d, 6, 1).expect("runs");
    let two = run_seeds(&s, d, 6, 2).expect("runs");
    let four = run_seeds(&s, d, 6, 4).expect("runs");
    assert_eq!(one, two);
    assert_eq!(one, four);
    let hashes: std::collections::BTreeSet<&str> =
        one.iter().map(|r| r.trace_hash.as_str()).collect();
    assert_eq!(hashes.len(), 6, "each seed its own run");
    for (i, r) in one.iter().enumerate() {
        assert_eq!(r.index, i as u32);
        assert_eq!(*r, run_seed(&s, d, i as u32).expect("runs"));
    }
}

#[test]
fn the_summary_has_every_figure_and_each_checks_passes() {
    let entry = gallery::all()
        .into_iter()
        .find(|e| !e.scenario.checks.is_empty())
        .expect("a lesson with checks");
    let s = entry.scenario;
    let runs = run_seeds(&s, secs_to_us(20.0), 5, 2).expect("runs");
    let summary = SeedSummary::of(&s, &runs);
    let measures = Measure::all(&s);
    assert_eq!(summary.runs, 5);
    assert_eq!(summary.measures.len(), measures.len());
    // Headlines first, then the whole scenario's figures, then every node's inspector figures.
    assert_eq!(measures[0], Measure::Headline(0));
    assert_eq!(measures[0].label(&s), HEADLINES[0].1);
    let whole = CheckFigure::ALL.iter().filter(|f| f.applies_to(None)).count();
    let per_node: usize = s.nodes.iter().map(|n| CheckFigure::shown_at(n.kind.tag()).len()).sum();
    assert_eq!(measures.len(), HEADLINES.len() + whole + per_node);
    for (k, (m, i)) in summary.measures.iter().enumerate() {
        let column: Vec<f64> = runs.iter().map(|r| r.values[k]).collect();
        assert_eq!(Some(*i), Interval::of(&column), "{}", m.label(&s));
        assert!(i.min <= i.mean && i.mean <= i.max);
    }
    assert_eq!(summary.check_passes.len(), s.checks.len());
    for (c, passes) in summary.check_passes.iter().enumerate() {
        let want = runs.iter().filter(|r| r.checks[c]).count() as u32;
        assert_eq!(*passes, want);
    }
}

/// The Seeds tab's bands: the throughput curve of an M/M/1 queue at λ = 50/s, point by point
/// across 12 seeds. Each point's mean is the seeds' mean there, and its 95 % interval covers
/// the arrival rate at most points (an engine whose curve were off by a few per second, or a
/// band built from the wrong points, would cover it at few).
#[test]
fn seed_bands_cover_the_arrival_rate_of_an_mm1_queue() {
    use fanout::engine::replications::{CURVES, CURVE_POINTS};
    let s = mm1(50.0, 100.0, 300);
    let runs = run_seeds(&s, secs_to_us(40.0), 12, 2).expect("runs");
    for r in &runs {
        assert_eq!(r.curves.len(), CURVES.len());
        assert!(r.curves.iter().all(|c| c.len() == CURVE_POINTS));
    }
    let summary = SeedSummary::of(&s, &runs);
    let throughput = &summary.curves[1];
    assert_eq!(throughput.len(), CURVE_POINTS);
    let mut covered = 0;
    for (p, i) in throughput.iter().enumerate() {
        let mean = runs.iter().map(|r| r.curves[1][p]).sum::<f64>() / runs.len() as f64;
        assert!((i.mean - mean).abs() < 1e-9, "point {p}: {} vs {mean}", i.mean);
        covered += usize::from(i.contains(50.0));
    }
    let overall = throughput.iter().map(|i| i.mean).sum::<f64>() / CURVE_POINTS as f64;
    println!("throughput over the run {overall:.2}/s; band covers 50/s at {covered} of 40 points");
    assert!((overall - 50.0).abs() < 2.5, "{overall}");
    assert!(covered >= 32, "{covered} of 40");
}
