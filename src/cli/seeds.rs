//! `fanout run FILE --seeds N [--threads T]` and `fanout compare A.json B.json`: many seeds
//! with confidence intervals, and two designs on the same seed.

use super::{load, problem_list, RunArgs, USAGE};
use crate::engine::compare::{
    check_pairs, label, row_texts, rows, verdict, CannotRun, CheckPair, Lockstep, Row,
};
use crate::engine::replications::{
    replication_seed, run_seeds, Measure, SeedRun, SeedSummary, MAX_SEEDS,
};
use crate::engine::secs_to_us;
use crate::scenario::diff::{differences, Difference};
use crate::scenario::{format_interval, format_value, Check, CheckUnit, Scenario};
use crate::stats::Interval;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;

/// Threads when `--threads` is not given: one per core.
fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `--seeds N` as given on the command line: at least 2 (one run has no spread) and at most
/// [`MAX_SEEDS`].
pub(super) fn parse_seeds(v: &str) -> Result<u32, String> {
    match v.parse::<u32>() {
        Ok(n) if (2..=MAX_SEEDS).contains(&n) => Ok(n),
        _ => Err(format!("--seeds: `{v}` is not a whole number from 2 to {MAX_SEEDS}")),
    }
}

/// `--threads T`: from 1.
pub(super) fn parse_threads(v: &str) -> Result<usize, String> {
    match v.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("--threads: `{v}` is not a whole number from 1")),
    }
}

#[derive(Serialize)]
struct SeedsReport<'a> {
    scenario: super::ScenarioInfo<'a>,
    /// How many seeds ran: `scenario.seed` to `scenario.seed + seeds − 1`.
    seeds: u32,
    /// Each figure's mean and 95 % confidence interval across seeds.
    measures: Vec<MeasureReport>,
    /// Each check with the seeds in which it held.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checks: Vec<CheckShare>,
    /// Every seed's result, in order.
    runs: &'a [SeedRun],
}

#[derive(Serialize)]
struct MeasureReport {
    measure: Measure,
    label: String,
    #[serde(flatten)]
    interval: Interval,
}

#[derive(Serialize)]
struct CheckShare {
    check: Check,
    sentence: String,
    /// Seeds in which it held at the end.
    passed: u32,
    /// Seeds run.
    runs: u32,
}

/// `fanout run FILE --seeds N`: every figure as mean ± 95 % confidence interval.
pub(super) fn run_many(
    path: &str,
    scenario: Scenario,
    a: &RunArgs,
    count: u32,
    out: &mut dyn Write,
) -> Result<(), String> {
    let duration_s = a.until_s.unwrap_or_else(|| scenario.run_duration_s());
    let threads = a.threads.unwrap_or_else(default_threads);
    let runs =
        run_seeds(&scenario, secs_to_us(duration_s), count, threads).map_err(|problems| {
            format!("{path}: the scenario cannot run:\n  {}", problem_list(&scenario, &problems))
        })?;
    let summary = SeedSummary::of(&scenario, &runs);
    let shares: Vec<CheckShare> = scenario
        .checks
        .iter()
        .zip(&summary.check_passes)
        .map(|(c, &passed)| CheckShare {
            check: c.clone(),
            sentence: c.sentence(&scenario),
            passed,
            runs: count,
        })
        .collect();
    if a.json {
        let report = SeedsReport {
            scenario: super::ScenarioInfo {
                title: &scenario.title,
                seed: scenario.seed,
                duration_s,
            },
            seeds: count,
            measures: summary
                .measures
                .iter()
                .map(|&(measure, interval)| MeasureReport {
                    measure,
                    label: measure.label(&scenario),
                    interval,
                })
                .collect(),
            checks: shares,
            runs: &runs,
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "{text}");
        return Ok(());
    }
    let title = if scenario.title.is_empty() { path } else { &scenario.title };
    let last = replication_seed(scenario.seed, count - 1);
    let noun = if threads == 1 { "thread" } else { "threads" };
    let _ = writeln!(
        out,
        "{title}: {count} seeds ({} to {last}), {duration_s} s simulated each, on {threads} {noun}",
        scenario.seed
    );
    let _ = writeln!(
        out,
        "each figure as mean ± 95 % confidence interval (Student's t, {} degrees of freedom), then [lowest … highest] over the seeds\n",
        count - 1
    );
    let labelled: Vec<(String, CheckUnit, Interval)> =
        summary.measures.iter().map(|(m, i)| (m.label(&scenario), m.unit(), *i)).collect();
    let w = labelled.iter().map(|(l, ..)| l.chars().count()).max().unwrap_or(0).min(56);
    for (label, unit, i) in &labelled {
        let range = format!("[{} … {}]", format_value(i.min, *unit), format_value(i.max, *unit));
        let _ = writeln!(
            out,
            "  {label:<w$}  {:<26} {range}",
            format_interval(i.mean, i.half_width, *unit)
        );
    }
    if !shares.is_empty() {
        let _ = writeln!(out, "\nchecks (seeds in which each held at the end)");
        for s in &shares {
            let share = format!("{}/{}", s.passed, s.runs);
            let note = if s.check.expect_fail { "  — expected to fail" } else { "" };
            let _ = writeln!(out, "  {share:>9}  {}{note}", s.sentence);
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct CompareReport<'a> {
    a: Side<'a>,
    b: Side<'a>,
    seed: u64,
    duration_s: f64,
    /// The settings in which B differs from A.
    differences: &'a [Difference],
    rows: Vec<RowReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checks: Vec<CheckReport>,
}

#[derive(Serialize)]
struct Side<'a> {
    path: &'a str,
    title: &'a str,
    trace_hash: String,
}

#[derive(Serialize)]
struct RowReport {
    label: String,
    #[serde(flatten)]
    row: Row,
    difference: Option<f64>,
}

#[derive(Serialize)]
struct CheckReport {
    sentence: String,
    #[serde(flatten)]
    pair: CheckPair,
}

/// `fanout compare A.json B.json` or `fanout compare FILE` (a scenario with a variant), with
/// `[--seed N] [--until DURATION] [--json]`.
pub(super) fn compare(a_args: &RunArgs, out: &mut dyn Write) -> Result<u8, String> {
    if a_args.seeds.is_some() || a_args.threads.is_some() {
        return Err(format!("compare runs one seed; --seeds and --threads are for run\n{USAGE}"));
    }
    let (pa, pb, a, b) = match a_args.paths.as_slice() {
        [pa, pb] => (pa.clone(), pb.clone(), load(pa)?, load(pb)?),
        [path] => {
            let s = load(path)?;
            let (a, b) = s.compared().ok_or_else(|| {
                format!(
                    "{path}: the scenario has no variant to compare with; give two files, or \
                     one with a `variant`\n{USAGE}"
                )
            })?;
            let b = b.clone();
            (path.clone(), format!("{path} (variant)"), a, b)
        }
        _ => {
            return Err(format!("compare takes two scenario files, or one with a variant\n{USAGE}"))
        }
    };
    let (pa, pb) = (pa.as_str(), pb.as_str());
    let seed = a_args.seed.unwrap_or(a.seed);
    let duration_s = a_args.until_s.unwrap_or_else(|| a.run_duration_s());
    let mut run = Lockstep::new(&a, &b, seed).map_err(|CannotRun { which, problems }| {
        let (path, s) = if which == 0 { (pa, &a) } else { (pb, &b) };
        format!("{path}: the scenario cannot run:\n  {}", problem_list(s, &problems))
    })?;
    run.advance_to(secs_to_us(duration_s));
    let diffs = differences(&a, &b);
    let table = rows(&a, &b, run.pair());
    let pairs = check_pairs(&a, &b, run.pair());
    if a_args.json {
        let hash = |i: usize| format!("{:016x}", run.sims[i].trace_hash());
        let report = CompareReport {
            a: Side { path: pa, title: &a.title, trace_hash: hash(0) },
            b: Side { path: pb, title: &b.title, trace_hash: hash(1) },
            seed,
            duration_s,
            differences: &diffs,
            rows: table
                .iter()
                .map(|r| RowReport {
                    label: label(&a, &b, &r.measure),
                    difference: r.difference(),
                    row: r.clone(),
                })
                .collect(),
            checks: pairs
                .into_iter()
                .map(|p| CheckReport {
                    sentence: p.check.sentence(if p.a.is_some() { &a } else { &b }),
                    pair: p,
                })
                .collect(),
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "{text}");
        return Ok(0);
    }
    let name = |path: &str, s: &Scenario| {
        if s.title.is_empty() {
            path.to_owned()
        } else {
            format!("{} ({path})", s.title)
        }
    };
    let mut o = String::new();
    let _ = writeln!(o, "A: {}\nB: {}", name(pa, &a), name(pb, &b));
    let _ = writeln!(o, "both with seed {seed}, {duration_s} s simulated, run in lockstep");
    if diffs.is_empty() {
        let _ = writeln!(o, "\nno settings differ");
    } else {
        let _ = writeln!(o, "\nsettings that differ (A → B)");
        for d in &diffs {
            let _ = writeln!(o, "  {}: {} → {}", d.path, d.before, d.after);
        }
    }
    o.push_str(&table_text(&a, &b, &table));
    if !pairs.is_empty() {
        let _ = writeln!(o, "\nchecks at the end\n  A     B");
        for p in &pairs {
            let s = p.check.sentence(if p.a.is_some() { &a } else { &b });
            let _ = writeln!(o, "  {:<4}  {:<4}  {s}", verdict(p.a), verdict(p.b));
        }
    }
    let _ = write!(out, "{o}");
    Ok(0)
}

/// The side-by-side figures: label, A, B, B − A ([`row_texts`], which the browser shows too).
fn table_text(a: &Scenario, b: &Scenario, table: &[Row]) -> String {
    let texts = row_texts(a, b, table);
    let w = texts.iter().map(|t| t.label.chars().count()).max().unwrap_or(0).min(56);
    let mut o = String::new();
    let _ = writeln!(o, "\n  {:<w$}  {:>16}  {:>16}  {:>16}", "figure", "A", "B", "B − A");
    for t in &texts {
        let _ = writeln!(o, "  {:<w$}  {:>16}  {:>16}  {:>16}", t.label, t.a, t.b, t.difference);
    }
    o
}
