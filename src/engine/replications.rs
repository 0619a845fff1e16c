//! Seed runs: one scenario run for N seeds (independent replications), every figure summarised
//! as a mean with its 95 % confidence interval, every check as the share of seeds in which it
//! held. One run's p99, or whether a rare crash happened at all, depends on its seed; the
//! interval says how much.
//!
//! # Seeds
//!
//! Run `i` (from 0) of a scenario whose seed is `s` uses seed `s + i` (wrapping):
//! [`replication_seed`]. Run 0 is the scenario's own run, and any run can be opened alone by
//! typing its seed. Neighbouring seeds give unrelated runs: the engine's generator expands its
//! seed through SplitMix64 (`rng.rs`), so `s` and `s + 1` share no state.
//!
//! Each run is a function of the scenario, its duration and its index alone, so the same index
//! gives the same [`SeedRun`] in any order, on any number of threads, natively and in wasm.

use super::{secs_to_us, Micros, Simulation, Verdict};
use crate::scenario::{CheckFigure, CheckUnit, NodeId, Problem, Scenario};
use crate::stats::Interval;
use serde::{Deserialize, Serialize};

/// Largest number of seeds one seed run may ask for (CLI and browser alike).
pub const MAX_SEEDS: u32 = 1_000;

/// Points of each curve a seed keeps for the Seeds tab's charts ([`SeedRun::curves`]): the
/// run's duration in this many equal intervals, so a seed run holds `seeds × CURVES × 40`
/// numbers whatever its length.
pub const CURVE_POINTS: usize = 40;

/// The curves a seed run charts with a band across seeds: title and unit. Each is summed over
/// the consumer groups at the end of each interval ([`curves`]).
pub const CURVES: [(&str, &str); 2] =
    [("Consumer lag, all groups", "msgs"), ("Throughput, all groups", "msgs/s")];

/// The seed of run `index` of a scenario seeded `base`: `base + index`, wrapping.
pub fn replication_seed(base: u64, index: u32) -> u64 {
    base.wrapping_add(u64::from(index))
}

/// One quantity a seed run measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The Overview's headline counter with this index in [`super::Metrics::headlines`].
    Headline(u8),
    /// A figure of a node, or of the whole scenario for `None`.
    Figure(Option<NodeId>, CheckFigure),
}

impl Measure {
    /// What `scenario` measures, in reading order: the Overview's headline counters, the whole
    /// scenario's figures, then each node's figures as its inspector lists them.
    pub fn all(scenario: &Scenario) -> Vec<Measure> {
        let headlines = (0..super::HEADLINES.len() as u8).map(Measure::Headline);
        let whole = CheckFigure::ALL
            .into_iter()
            .filter(|f| f.applies_to(None))
            .map(|f| Measure::Figure(None, f));
        let nodes = scenario.nodes.iter().flat_map(|n| {
            CheckFigure::shown_at(n.kind.tag()).iter().map(move |&f| Measure::Figure(Some(n.id), f))
        });
        headlines.chain(whole).chain(nodes).collect()
    }

    /// The measure in words, with node names from `scenario`: `Processed`, `lost in total`,
    /// `p99 latency of Payment`.
    pub fn label(&self, scenario: &Scenario) -> String {
        match *self {
            Measure::Headline(i) => super::HEADLINES[usize::from(i)].1.to_owned(),
            Measure::Figure(None, f) => format!("{} in total", f.label()),
            Measure::Figure(Some(id), f) => {
                let name = scenario.node(id).map(|n| n.name.trim()).filter(|n| !n.is_empty());
                f.of_node(&name.map_or_else(|| id.to_string(), str::to_owned))
            }
        }
    }

    /// Its unit.
    pub fn unit(&self) -> CheckUnit {
        match self {
            Measure::Headline(_) => CheckUnit::Count,
            Measure::Figure(_, f) => f.unit(),
        }
    }

    /// Its value at the end of `sim`'s run.
    fn read(&self, sim: &Simulation, headlines: &[super::Headline; 10]) -> f64 {
        match *self {
            Measure::Headline(i) => headlines[usize::from(i)].value as f64,
            Measure::Figure(node, f) => sim.figure(node, f).unwrap_or_default(),
        }
    }
}

/// What one seed's run came to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeedRun {
    /// Its index in the seed run, from 0.
    pub index: u32,
    /// The seed it ran with ([`replication_seed`]).
    pub seed: u64,
    /// The trace hash at its end: equal natively and in the browser.
    pub trace_hash: String,
    /// Engine events processed.
    pub engine_events: u64,
    /// Each of [`Measure::all`]'s values at the end, in that order.
    pub values: Vec<f64>,
    /// Whether each of the scenario's checks held at the end (a goal still pending failed).
    pub checks: Vec<bool>,
    /// Each of [`CURVES`] at the end of each of [`CURVE_POINTS`] equal intervals of the run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub curves: Vec<Vec<f64>>,
}

/// [`CURVES`] of a finished run of `duration_us`: at the end of each interval, each group's
/// latest sample then (0 before its first), summed over the groups.
pub fn curves(m: &super::Metrics, duration_us: Micros) -> Vec<Vec<f64>> {
    let read: [fn(&super::Sample) -> f64; 2] = [|s| s.lag_messages as f64, |s| s.throughput_per_s];
    let ends = (1..=CURVE_POINTS as u64).map(|k| duration_us / CURVE_POINTS as u64 * k);
    read.iter()
        .map(|value| {
            ends.clone()
                .map(|end| {
                    let at = |g: &super::GroupMetrics| {
                        let i = g.series.partition_point(|s| s.t_us <= end);
                        i.checked_sub(1).map_or(0.0, |i| value(&g.series[i]))
                    };
                    m.groups.iter().map(at).sum()
                })
                .collect()
        })
        .collect()
}

/// Runs `scenario` with the seed of run `index` to `duration_us` and hands the finished
/// simulation to `read`. `Err` lists the problems when the scenario cannot run.
pub fn replicate<T>(
    scenario: &Scenario,
    duration_us: Micros,
    index: u32,
    read: impl FnOnce(&Simulation, u64) -> T,
) -> Result<T, Vec<Problem>> {
    let mut s = scenario.clone();
    s.seed = replication_seed(scenario.seed, index);
    let mut sim = Simulation::new(&s)?;
    sim.advance_to(duration_us);
    Ok(read(&sim, s.seed))
}

/// Run `index` of a seed run of `scenario`, to `duration_us`, with every measure read.
pub fn run_seed(
    scenario: &Scenario,
    duration_us: Micros,
    index: u32,
) -> Result<SeedRun, Vec<Problem>> {
    let measures = Measure::all(scenario);
    replicate(scenario, duration_us, index, |sim, seed| {
        let m = sim.metrics();
        let lost = sim.figure(None, CheckFigure::Lost).unwrap_or_default() as u64;
        let headlines = m.headlines(lost);
        SeedRun {
            index,
            seed,
            trace_hash: m.trace_hash.clone(),
            engine_events: m.engine_events,
            values: measures.iter().map(|x| x.read(sim, &headlines)).collect(),
            checks: sim.checks().iter().map(|c| c.at_end() == Verdict::Holds).collect(),
            curves: curves(&m, duration_us),
        }
    })
}

/// The scenario's run duration in microseconds (`duration_s` or the default).
pub fn run_duration_us(scenario: &Scenario) -> Micros {
    secs_to_us(scenario.run_duration_s())
}

/// A seed run summarised: each measure's interval and each check's passes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedSummary {
    /// How many seeds ran.
    pub runs: u32,
    /// Each of [`Measure::all`] with its mean and 95 % confidence interval across seeds.
    pub measures: Vec<(Measure, Interval)>,
    /// For each of the scenario's checks, in its order, the number of seeds in which it held.
    pub check_passes: Vec<u32>,
    /// For each of [`CURVES`], each point's mean and 95 % interval across seeds.
    pub curves: Vec<Vec<Interval>>,
}

impl SeedSummary {
    /// Summarises `runs` (each a run of `scenario`; at least one).
    pub fn of(scenario: &Scenario, runs: &[SeedRun]) -> SeedSummary {
        let measures = Measure::all(scenario);
        let mut column = Vec::with_capacity(runs.len());
        let measures = measures
            .into_iter()
            .enumerate()
            .filter_map(|(i, measure)| {
                column.clear();
                column.extend(runs.iter().filter_map(|r| r.values.get(i)));
                Some((measure, Interval::of(&column)?))
            })
            .collect();
        let check_passes = (0..scenario.checks.len())
            .map(|c| runs.iter().filter(|r| r.checks.get(c) == Some(&true)).count() as u32)
            .collect();
        let curves = (0..CURVES.len())
            .map(|c| {
                (0..CURVE_POINTS)
                    .filter_map(|p| {
                        column.clear();
                        column.extend(runs.iter().filter_map(|r| r.curves.get(c)?.get(p)));
                        Interval::of(&column)
                    })
                    .collect()
            })
            .collect();
        SeedSummary { runs: runs.len() as u32, measures, check_passes, curves }
    }
}

/// Runs `count` seeds of `scenario` to `duration_us` on `threads` OS threads (at least one)
/// and returns them in index order. Threads take the next index as they finish one, so a slow
/// seed does not hold the others; the results do not depend on the number of threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_seeds(
    scenario: &Scenario,
    duration_us: Micros,
    count: u32,
    threads: usize,
) -> Result<Vec<SeedRun>, Vec<Problem>> {
    replicate_on_threads(count, threads, |i| run_seed(scenario, duration_us, i))
}

/// `job(0) … job(count − 1)` on `threads` OS threads, in index order; the first error wins.
#[cfg(not(target_arch = "wasm32"))]
pub fn replicate_on_threads<T: Send, E: Send>(
    count: u32,
    threads: usize,
    job: impl Fn(u32) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E> {
    use std::sync::atomic::{AtomicU32, Ordering};
    let next = AtomicU32::new(0);
    let threads = threads.clamp(1, count.max(1) as usize);
    let mut done: Vec<(u32, Result<T, E>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break mine;
                        }
                        mine.push((i, job(i)));
                    }
                })
            })
            .collect();
        // A panicking job is a bug in the engine: pass it on rather than hide it.
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    crate::sort::sort_by_key(&mut done, |(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
