//! The command-line runner (native only).
//!
//! ```text
//! fanout run SCENARIO.json [--seed N] [--until DURATION] [--json]
//! fanout run SCENARIO.json --seeds N [--threads T] [--seed N] [--until DURATION] [--json]
//! fanout compare A.json B.json | FILE.json [--seed N] [--until DURATION] [--json]
//! fanout check SCENARIO.json [--seed N] [--until DURATION]
//! fanout validate SCENARIO.json
//! fanout export --format mermaid|asyncapi SCENARIO.json [-o OUT]
//! fanout import ASYNCAPI.yaml... [-o SCENARIO.json]
//! fanout verify --broker redis SCENARIO.json [--seconds N] [--url U] [--port P] [--seeds N] [--json]
//! ```
//!
//! Exit codes: 0 success, 1 a check failed (`check`), 2 bad input (unreadable or malformed
//! file, unsupported version, invalid scenario, bad arguments). Errors name the file, the field
//! and the problem.

use crate::engine::{CheckStatus, Metrics, OutcomeKind, ReasonCount, Simulation, Verdict};
use crate::scenario::limits::{MAX_DURATION_S, MAX_JSON_BYTES};
use crate::scenario::{
    format_count, format_rate, format_sim_time, format_value, Check, CheckFigure, NodeId,
    NodeKindTag, Problem, Scenario, Severity,
};
use serde::Serialize;
use std::io::{Read, Write};
use std::process::ExitCode;

mod interop;
mod seeds;
mod verify;

/// Exit code for bad input.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Exit code of `fanout check` when a check fails.
pub const EXIT_CHECK_FAILED: u8 = 1;

const USAGE: &str = "\
usage:
  fanout run SCENARIO.json [--seed N] [--until DURATION] [--json]
  fanout run SCENARIO.json --seeds N [--threads T] [--seed N] [--until DURATION] [--json]
  fanout compare A.json B.json | FILE.json [--seed N] [--until DURATION] [--json]
  fanout check SCENARIO.json [--seed N] [--until DURATION]
  fanout validate SCENARIO.json
  fanout export --format mermaid|asyncapi SCENARIO.json [-o OUT]
  fanout import ASYNCAPI.yaml... [-o SCENARIO.json]
  fanout verify --broker redis SCENARIO.json [--seconds N] [--url redis://127.0.0.1:PORT]
                [--port P] [--seeds N] [--json]

export writes a Mermaid flowchart, or AsyncAPI 3.0 documents (one per application) as one YAML
stream; with -o, Mermaid goes to the file OUT and AsyncAPI to one OUT/NAME.yaml per document.
import reads AsyncAPI 3.0 (JSON or YAML, one or several documents) and writes a scenario.
DURATION is a number with a unit: 500ms, 60s, 10m, 1h (a bare number is seconds).
--seeds N runs seeds S, S+1, … S+N-1 (S the scenario's seed or --seed; N from 2 to 1000) on T
threads (default: one per core) and gives every figure as mean ± 95 % confidence interval and
each check's share of seeds. compare runs A and B on the same seed (A's, or --seed) and prints
their figures side by side with the difference, both checks' verdicts and the settings that differ;
given one file, it compares the scenario with its variant (the file's `variant` field).
verify runs the scenario for N seconds (default 30) on a real Redis it starts on 127.0.0.1 (or the
one at --url) with real producer and consumer processes, and prints what the broker did beside the
engine's prediction over --seeds seeds (default 200); exit 1 if a figure disagrees.
See docs/verify.md.
";

/// Entry point of the `fanout` binary.
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = run(&args, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}

/// Runs the command line `args` (without the program name), writing results to `out` and
/// errors to `err`; returns the exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match dispatch(args, out) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_BAD_INPUT
        }
    }
}

#[derive(Debug, Default)]
struct RunArgs {
    paths: Vec<String>,
    seed: Option<u64>,
    /// `--seeds N`: a seed run.
    seeds: Option<u32>,
    /// `--threads T` of a seed run.
    threads: Option<usize>,
    until_s: Option<f64>,
    json: bool,
}

/// Runs one command; `Ok` carries the exit code (0, or [`EXIT_CHECK_FAILED`]).
fn dispatch(args: &[String], out: &mut dyn Write) -> Result<u8, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err(format!("no command given\n{USAGE}"));
    };
    match command.as_str() {
        "run" => {
            let a = parse_run_args(rest)?;
            let path = one_path(&a, "run")?;
            let scenario = load(path)?;
            match a.seeds {
                Some(n) => seeds::run_many(path, scenario, &a, n, out).map(|()| 0),
                None if a.threads.is_some() => {
                    Err(format!("--threads needs --seeds: one run is one thread\n{USAGE}"))
                }
                None => run_scenario(path, scenario, &a, out).map(|()| 0),
            }
        }
        "compare" => seeds::compare(&parse_run_args(rest)?, out),
        "check" => {
            let a = parse_run_args(rest)?;
            if a.json {
                return Err(format!("check has no --json option; use run --json\n{USAGE}"));
            }
            if a.seeds.is_some() || a.threads.is_some() {
                return Err(format!("check runs one seed; use run --seeds\n{USAGE}"));
            }
            let path = one_path(&a, "check")?;
            let scenario = load(path)?;
            check_scenario(path, scenario, &a, out)
        }
        "validate" => {
            let [path] = rest else {
                return Err(format!("validate takes exactly one scenario file\n{USAGE}"));
            };
            let scenario = load(path)?;
            let mut problems = scenario.validate();
            problems.extend(scenario.variant_problems());
            problems.sort_by_key(|p| p.severity);
            let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
            let list = problem_list(&scenario, &problems);
            if errors > 0 {
                return Err(format!(
                    "{path}: {} error(s); the scenario cannot run:\n  {list}",
                    format_count(errors as u64)
                ));
            }
            if !problems.is_empty() {
                let _ = writeln!(out, "{}", list.replace("\n  ", "\n"));
            }
            let _ = writeln!(
                out,
                "{path}: ok ({} nodes, {} edges, {} warning(s))",
                scenario.nodes.len(),
                scenario.edges.len(),
                problems.len()
            );
            Ok(0)
        }
        "export" => interop::export(rest, out),
        "import" => interop::import(rest, out),
        "verify" => verify::verify(rest, out),
        // Internal: the producer and consumer processes of `verify` (not in the usage).
        "verify-worker" => verify::worker::main(rest).map(|()| 0),
        "help" | "--help" | "-h" => {
            let _ = write!(out, "{USAGE}");
            Ok(0)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn parse_run_args(rest: &[String]) -> Result<RunArgs, String> {
    let mut a = RunArgs::default();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => a.json = true,
            "--seed" => {
                let v = it.next().ok_or("--seed needs a value")?;
                a.seed = Some(v.parse().map_err(|_| {
                    format!("--seed: `{v}` is not a whole number from 0 to 18446744073709551615")
                })?);
            }
            "--until" => {
                let v = it.next().ok_or("--until needs a value")?;
                a.until_s = Some(parse_duration(v).map_err(|e| format!("--until: {e}"))?);
            }
            "--seeds" => {
                a.seeds = Some(seeds::parse_seeds(it.next().ok_or("--seeds needs a value")?)?);
            }
            "--threads" => {
                let v = it.next().ok_or("--threads needs a value")?;
                a.threads = Some(seeds::parse_threads(v)?);
            }
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`\n{USAGE}"))
            }
            path => a.paths.push(path.to_owned()),
        }
    }
    Ok(a)
}

/// The one scenario file `command` takes.
fn one_path<'a>(a: &'a RunArgs, command: &str) -> Result<&'a str, String> {
    match a.paths.as_slice() {
        [path] => Ok(path),
        [] => Err(format!("{command} needs a scenario file\n{USAGE}")),
        _ => Err(format!("{command} takes one scenario file\n{USAGE}")),
    }
}

/// `500ms`, `60s`, `10m`, `1h`, or a bare number of seconds, to seconds.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (t, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 60s, 10m or 1h"))?;
    let s = value * scale;
    if !s.is_finite() || s <= 0.0 {
        return Err(format!("`{text}` must be a positive duration"));
    }
    if s > MAX_DURATION_S {
        return Err(format!("`{text}` is longer than the limit of {MAX_DURATION_S} s (one week)"));
    }
    Ok(s)
}

/// Reads and parses a scenario file, with errors that name the file.
fn load(path: &str) -> Result<Scenario, String> {
    let text = read_text(path)?;
    Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
}

/// Reads a text file of at most [`MAX_JSON_BYTES`], with errors that name the file.
fn read_text(path: &str) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: cannot open: {e}"))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit to detect an oversize file without reading all of it.
    file.take(MAX_JSON_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{path}: cannot read: {e}"))?;
    if bytes.len() > MAX_JSON_BYTES {
        return Err(format!("{path}: larger than the limit of {MAX_JSON_BYTES} bytes"));
    }
    String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))
}

/// Most problems listed one per line; past it the rest are counted, so that a document with
/// thousands of problems gives a screenful rather than hundreds of kilobytes (issue 10).
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// The first [`MAX_LISTED_PROBLEMS`] problems, one per line (joined by a newline and two
/// spaces), then "… and 1,990 more problems" when there are more.
fn problem_list(s: &Scenario, problems: &[Problem]) -> String {
    let mut lines: Vec<String> =
        problems.iter().take(MAX_LISTED_PROBLEMS).map(|p| describe(s, p)).collect();
    let rest = problems.len().saturating_sub(MAX_LISTED_PROBLEMS);
    if rest > 0 {
        let noun = if rest == 1 { "problem" } else { "problems" };
        lines.push(format!("… and {} more {noun}", format_count(rest as u64)));
    }
    lines.join("\n  ")
}

fn describe(s: &Scenario, p: &Problem) -> String {
    let mut text = p.to_string();
    if let Some(n) = p.node.and_then(|id| s.node(id)) {
        if !n.name.is_empty() {
            text = text.replacen(&format!("{}:", n.id), &format!("{} ({}):", n.id, n.name), 1);
        }
    }
    text
}

#[derive(Serialize)]
struct JsonReport<'a> {
    scenario: ScenarioInfo<'a>,
    metrics: &'a Metrics,
    /// The scenario's checks at the end of the run, in its order; left out when it has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checks: Vec<CheckReport>,
}

/// One check in `fanout run --json`.
#[derive(Serialize)]
struct CheckReport {
    /// The check as the scenario states it.
    check: Check,
    /// The sentence the UI shows too.
    sentence: String,
    /// Its status at the end of the run (a goal still pending counts as failed).
    #[serde(flatten)]
    status: CheckStatus,
}

#[derive(Serialize)]
struct ScenarioInfo<'a> {
    title: &'a str,
    seed: u64,
    duration_s: f64,
}

fn run_scenario(
    path: &str,
    mut scenario: Scenario,
    a: &RunArgs,
    out: &mut dyn Write,
) -> Result<(), String> {
    if let Some(seed) = a.seed {
        scenario.seed = seed;
    }
    let duration_s = a.until_s.unwrap_or_else(|| scenario.run_duration_s());
    let sim = run_to(path, &scenario, duration_s)?;
    let metrics = sim.metrics();
    let checks = final_checks(&sim);
    if a.json {
        let checks = scenario
            .checks
            .iter()
            .zip(checks)
            .map(|(check, status)| CheckReport {
                check: check.clone(),
                sentence: check.sentence(&scenario),
                status,
            })
            .collect();
        let report = JsonReport {
            scenario: ScenarioInfo { title: &scenario.title, seed: scenario.seed, duration_s },
            metrics: &metrics,
            checks,
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "{text}");
    } else {
        let _ = write!(out, "{}", summary(&scenario, duration_s, &sim, &metrics));
        if !checks.is_empty() {
            let _ = write!(out, "\nchecks\n{}", check_lines(&scenario, &checks));
        }
    }
    Ok(())
}

/// A simulation of `scenario` run to `duration_s`, or the scenario's errors naming the file.
fn run_to(path: &str, scenario: &Scenario, duration_s: f64) -> Result<Simulation, String> {
    let mut sim = Simulation::new(scenario).map_err(|problems| {
        format!("{path}: the scenario cannot run:\n  {}", problem_list(scenario, &problems))
    })?;
    sim.advance_to(crate::engine::secs_to_us(duration_s));
    Ok(sim)
}

/// The checks of a finished run: a goal still pending when the run ends was not met.
fn final_checks(sim: &Simulation) -> Vec<CheckStatus> {
    sim.checks()
        .into_iter()
        .map(|status| CheckStatus { verdict: status.at_end(), ..status })
        .collect()
}

/// Runs `scenario` to its end and says whether each of its checks passed: what `fanout check`
/// does, for tests and tools (compare with [`as_expected`]). `Err` lists the problems when the
/// scenario cannot run.
pub fn evaluate_checks(scenario: &Scenario, duration_s: f64) -> Result<Vec<CheckStatus>, String> {
    run_to("(scenario)", scenario, duration_s).map(|sim| final_checks(&sim))
}

/// `fanout check`: runs the scenario to its duration, prints every check and returns
/// [`EXIT_CHECK_FAILED`] if one did not come out as the scenario expects (a check fails, or one
/// marked `expect_fail` holds).
fn check_scenario(
    path: &str,
    mut scenario: Scenario,
    a: &RunArgs,
    out: &mut dyn Write,
) -> Result<u8, String> {
    if let Some(seed) = a.seed {
        scenario.seed = seed;
    }
    let duration_s = a.until_s.unwrap_or_else(|| scenario.run_duration_s());
    let sim = run_to(path, &scenario, duration_s)?;
    let checks = final_checks(&sim);
    let title = if scenario.title.is_empty() { path } else { &scenario.title };
    let _ = writeln!(out, "{title}: {duration_s} s simulated, seed {}", scenario.seed);
    if checks.is_empty() {
        let _ = writeln!(out, "no checks: the scenario states nothing about its figures");
        return Ok(0);
    }
    let _ = write!(out, "{}", check_lines(&scenario, &checks));
    let failed = checks.iter().filter(|c| c.verdict == Verdict::Fails).count();
    let unexpected = scenario
        .checks
        .iter()
        .zip(&checks)
        .filter(|(check, status)| !as_expected(check, status))
        .count();
    let passed = checks.len() - failed;
    let _ = write!(out, "{} checks: {passed} passed, {failed} failed", checks.len());
    if unexpected == 0 {
        let _ = writeln!(out, ", as the scenario expects");
        Ok(0)
    } else {
        let _ = writeln!(out, "; {unexpected} not as the scenario expects");
        Ok(EXIT_CHECK_FAILED)
    }
}

/// Whether a finished check came out as its scenario expects: failed if it is marked
/// `expect_fail`, passed otherwise.
pub fn as_expected(check: &Check, status: &CheckStatus) -> bool {
    (status.verdict == Verdict::Fails) == check.expect_fail
}

/// One line per check: `PASS  nothing lost  (0)` or `FAIL  lost at Ledger = 0  (12; first
/// violated at 4.2 s)`.
fn check_lines(scenario: &Scenario, statuses: &[CheckStatus]) -> String {
    let mut text = String::new();
    for (check, status) in scenario.checks.iter().zip(statuses) {
        let word = match status.verdict {
            Verdict::Holds => "PASS",
            Verdict::Pending => "WAIT",
            Verdict::Fails => "FAIL",
        };
        let value = format_value(status.value, check.figure.unit());
        let when = match status.first_violation_us {
            Some(t) => format!("; first violated at {}", format_sim_time(t)),
            None if status.verdict == Verdict::Fails => "; not reached by the end".to_owned(),
            None => String::new(),
        };
        let note = match (check.expect_fail, as_expected(check, status)) {
            (true, true) => "  — expected to fail",
            (true, false) => "  — UNEXPECTED: the scenario expects it to fail",
            (false, _) => "",
        };
        let sentence = check.sentence(scenario);
        text.push_str(&format!("  {word}  {sentence}  ({value}{when}){note}\n"));
    }
    text
}

fn ms(us: f64) -> String {
    if us >= 100_000.0 {
        format!("{:.0}", us / 1000.0)
    } else {
        format!("{:.1}", us / 1000.0)
    }
}

/// The readable report.
fn summary(s: &Scenario, duration_s: f64, sim: &Simulation, m: &Metrics) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let title = if s.title.is_empty() { "(untitled)" } else { &s.title };
    let _ = writeln!(
        o,
        "{title}: {duration_s} s simulated, seed {}, {} engine events, trace hash {}",
        s.seed, m.engine_events, m.trace_hash
    );
    producers_section(&mut o, m);
    cluster_section(&mut o, m);
    groups_section(&mut o, m);
    // Topics, databases, outboxes and projections: their figures, with the UI's labels.
    for n in &s.nodes {
        let (word, figures): (&str, &[CheckFigure]) = match n.kind.tag() {
            NodeKindTag::Topic => ("topic", CheckFigure::shown_at(NodeKindTag::Topic)),
            NodeKindTag::DeadLetterQueue => {
                ("dead-letter queue", CheckFigure::shown_at(NodeKindTag::DeadLetterQueue))
            }
            NodeKindTag::Database => ("database", CheckFigure::shown_at(NodeKindTag::Database)),
            NodeKindTag::Outbox => ("outbox", CheckFigure::shown_at(NodeKindTag::Outbox)),
            NodeKindTag::Projection => (
                "projection",
                &[CheckFigure::Replayed, CheckFigure::Rebuilds, CheckFigure::Backlog],
            ),
            _ => continue,
        };
        let _ = writeln!(o, "\n{word} {}: {}", n.name, figure_list(sim, n.id, figures));
    }
    o.push_str(&reasons(m));
    let t = &m.total;
    let figure = |f: CheckFigure| {
        let value = sim.figure(None, f).unwrap_or_default();
        format!("{} {}", format_value(value, f.unit()), f.label())
    };
    let _ = writeln!(
        o,
        "\ntotal: {}, {} anywhere; over {} groups: {} deliveries ({} simulated), {} processed, {} duplicate side effects, {} lost, {} dead-lettered, {} expired",
        figure(CheckFigure::EventsEmitted),
        figure(CheckFigure::Lost),
        m.groups.len(),
        format_count(t.counters.delivered),
        format_rate(t.deliveries_per_s),
        format_count(t.counters.processed),
        format_count(t.counters.duplicate_side_effects),
        format_count(t.counters.lost),
        format_count(t.counters.dead_lettered),
        format_count(t.counters.expired)
    );
    o
}

/// `label value, label value…`: `figures` of `node`, labels and units from the one table.
fn figure_list(sim: &Simulation, node: NodeId, figures: &[CheckFigure]) -> String {
    let said = figures.iter().filter_map(|&f| {
        sim.figure(Some(node), f).map(|v| format!("{} {}", f.label(), format_value(v, f.unit())))
    });
    said.collect::<Vec<_>>().join(", ")
}

/// The producers' table of [`summary`].
fn producers_section(o: &mut String, m: &Metrics) {
    use std::fmt::Write as _;
    if !m.producers.is_empty() {
        let _ = writeln!(o, "\nproducers");
        let w = name_width(m.producers.iter().map(|p| p.name.as_str()));
        let _ = writeln!(
            o,
            "  {:<w$} {:<20} {:>9} {:>6} {:>7} {:>7} {:>9} {:>9}",
            "name", "event type", "produced", "poison", "lost", "failed", "req p50ms", "req p99ms"
        );
        for p in &m.producers {
            let c = &p.counters;
            let _ = writeln!(
                o,
                "  {:<w$} {:<20} {:>9} {:>6} {:>7} {:>7} {:>9} {:>9}",
                clip(&p.name, w),
                clip(&p.event_type, 20),
                c.produced,
                c.poison,
                c.publish_lost + c.lost_dual_write + p.cluster.map_or(0, |k| k.acknowledged_lost),
                c.requests_failed,
                ms(p.request_latency.p50_us as f64),
                ms(p.request_latency.p99_us as f64)
            );
        }
    }
}

/// The cluster's counters and each partition's replicas, in a scenario with brokers.
fn cluster_section(o: &mut String, m: &Metrics) {
    use std::fmt::Write as _;
    let Some(c) = &m.cluster else { return };
    let k = &c.counters;
    let _ = writeln!(
        o,
        "\ncluster: {} sends, {} acknowledged, {} acknowledged_lost, {} not_enough_replicas, {} timed_out, {} retries_exhausted, {} retries, {} retry_duplicates, {} leader_elections ({} unclean), {} under_replicated_partitions, {} offline_partitions, {} in flight",
        k.sends,
        k.acknowledged,
        k.acknowledged_lost,
        k.not_enough_replicas,
        k.timed_out,
        k.retries_exhausted,
        k.retries,
        k.retry_duplicates,
        k.leader_elections,
        k.unclean_elections,
        c.under_replicated_partitions,
        c.offline_partitions,
        c.in_flight
    );
    for b in &c.brokers {
        let _ = writeln!(o, "  {} {} (leads {})", b.name, b.state, b.leads);
    }
    for k in &c.checks {
        let verdict = match (k.applies, k.verdict) {
            (false, _) => "n/a  ",
            (true, crate::engine::Verdict::Fails) => "FAILS",
            _ => "holds",
        };
        let _ = writeln!(
            o,
            "  check {verdict} {} ({} violations; {} outside its premises)",
            k.sentence, k.violations, k.outside_premises
        );
    }
}

/// The groups' table of [`summary`], under the accounting each row satisfies.
fn groups_section(o: &mut String, m: &Metrics) {
    use std::fmt::Write as _;
    if !m.groups.is_empty() {
        let _ = writeln!(
            o,
            "\ngroups (produced = processed + skipped copies + in flight + queued + dead-lettered + lost + expired)"
        );
        let w = name_width(m.groups.iter().map(|g| g.name.as_str()));
        let _ = writeln!(
            o,
            "  {:<w$} {:<17} {:>9} {:>9} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8} {:>8} {:>8}",
            "name", "guarantee", "produced", "processed", "skipped", "flight", "queued", "dlq", "lost", "expired", "dup fx", "redeliv", "retried", "order", "lag s", "p50 ms", "p99 ms"
        );
        for g in &m.groups {
            let c = &g.counters;
            let guarantee = match g.guarantee {
                crate::scenario::Guarantee::AtMostOnce => "at-most-once",
                crate::scenario::Guarantee::AtLeastOnce => "at-least-once",
                crate::scenario::Guarantee::EffectivelyOnce => "effectively-once",
            };
            let _ = writeln!(
                o,
                "  {:<w$} {:<17} {:>9} {:>9} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8.1} {:>8} {:>8}",
                clip(&g.name, w),
                guarantee,
                c.produced,
                c.processed,
                c.duplicates_skipped,
                g.in_flight,
                g.queued,
                c.dead_lettered,
                c.lost,
                c.expired,
                c.duplicate_side_effects,
                c.redelivered,
                c.retried,
                c.ordering_violations,
                g.lag_us as f64 / 1e6,
                ms(g.latency.p50_us as f64),
                ms(g.latency.p99_us as f64),
            );
        }
    }
}

/// Counts by reason, per node with lost, expired, dead-lettered or duplicated messages: one
/// heading per node and outcome, one line per reason, in the engine's words.
fn reasons(m: &Metrics) -> String {
    use std::fmt::Write as _;
    let nodes = m
        .groups
        .iter()
        .map(|g| (&g.name, &g.outcome_reasons))
        .chain(m.producers.iter().map(|p| (&p.name, &p.outcome_reasons)))
        .chain(m.outboxes.iter().map(|b| (&b.name, &b.outcome_reasons)))
        .filter(|(_, r)| !r.is_empty());
    let mut o = String::new();
    for (name, counts) in nodes {
        if o.is_empty() {
            let _ = writeln!(o, "\nwhy (counts by reason over the whole run)");
        }
        for kind in OutcomeKind::ALL {
            let of_kind: Vec<&ReasonCount> = counts.iter().filter(|c| c.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let total: u64 = of_kind.iter().map(|c| c.count).sum();
            let _ = writeln!(o, "  {name}: {} {total}", kind.label());
            for c in of_kind {
                let _ = writeln!(o, "    {} × {}", c.count, c.text);
            }
        }
    }
    o
}

/// Width of a table's name column: the longest name, so that two names that differ only at
/// their end (`Ledger (no key)`, `Ledger (keyed)`) stay apart; clipped only past 40 characters.
fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0).clamp(4, 40)
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
