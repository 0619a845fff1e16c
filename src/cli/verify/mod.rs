//! `fanout verify --broker redis SCENARIO.json [--seconds N] [--url U] [--port P] [--seeds N]
//! [--json]`: the scenario run on a real Redis (Streams and consumer groups) by real producer
//! and consumer processes with its faults injected for real, side by side with what the engine
//! predicts for the same scenario over many seeds. docs/verify.md has the mapping.
//!
//! Wall-clock time is this module's subject: real processes on a real broker keep real time
//! (a run's start, its end, a restart after `restart_s`). The clippy rule that refuses the
//! clock elsewhere guards the engine's determinism; the engine's prediction here still runs on
//! its virtual clock.
#![allow(clippy::disallowed_methods)]

mod broker;
mod plan;
mod report;
mod supervise;
pub mod worker;

use super::{load, problem_list, EXIT_CHECK_FAILED};
use crate::engine::Simulation;
use std::io::Write;

/// Longest broker run, in seconds.
pub const MAX_SECONDS: f64 = 600.0;

/// Engine seeds the prediction runs when `--seeds` is not given.
pub const DEFAULT_SEEDS: u32 = 200;

/// Broker time when `--seconds` is not given.
pub const DEFAULT_SECONDS: f64 = 30.0;

pub(super) const VERIFY_USAGE: &str = "\
  fanout verify --broker redis SCENARIO.json [--seconds N] [--url redis://127.0.0.1:PORT]
                [--port P] [--seeds N] [--json]";

#[derive(Debug, Default)]
struct VerifyArgs {
    broker: Option<String>,
    path: Option<String>,
    seconds: Option<f64>,
    url: Option<String>,
    port: Option<u16>,
    seeds: Option<u32>,
    json: bool,
}

fn parse(rest: &[String]) -> Result<VerifyArgs, String> {
    let mut a = VerifyArgs::default();
    let mut it = rest.iter();
    let usage = || format!("usage:\n{VERIFY_USAGE}");
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--broker" => a.broker = Some(value("--broker")?),
            "--url" => a.url = Some(value("--url")?),
            "--json" => a.json = true,
            "--seconds" => {
                let v = value("--seconds")?;
                let s = super::parse_duration(&v).map_err(|e| format!("--seconds: {e}"))?;
                if s > MAX_SECONDS {
                    return Err(format!("--seconds: at most {MAX_SECONDS} s of broker time"));
                }
                a.seconds = Some(s);
            }
            "--port" => {
                let v = value("--port")?;
                a.port = Some(
                    v.parse()
                        .ok()
                        .filter(|&p| p > 0)
                        .ok_or(format!("--port: `{v}` is not a port from 1 to 65535"))?,
                );
            }
            "--seeds" => a.seeds = Some(super::seeds::parse_seeds(&value("--seeds")?)?),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`\n{}", usage()))
            }
            path if a.path.is_none() => a.path = Some(path.to_owned()),
            _ => return Err(format!("verify takes one scenario file\n{}", usage())),
        }
    }
    Ok(a)
}

/// `fanout verify …`; `Ok` carries the exit code: 0 when every figure agrees, 1 when one does
/// not.
pub(super) fn verify(rest: &[String], out: &mut dyn Write) -> Result<u8, String> {
    let a = parse(rest)?;
    let path =
        a.path.as_deref().ok_or(format!("verify needs a scenario file\nusage:\n{VERIFY_USAGE}"))?;
    match a.broker.as_deref() {
        Some("redis") => {}
        Some(b @ ("nats" | "rabbitmq")) => {
            return Err(format!(
                "--broker {b}: not implemented yet; Redis is (docs/verify.md maps every setting onto all three)"
            ))
        }
        Some(other) => return Err(format!("--broker `{other}`: one of redis, nats, rabbitmq")),
        None => return Err(format!("verify needs --broker redis\nusage:\n{VERIFY_USAGE}")),
    }
    if a.url.is_some() && a.port.is_some() {
        return Err("--url and --port: --port picks the port of a broker verify starts; with --url it starts none".into());
    }
    let scenario = load(path)?;
    Simulation::new(&scenario).map_err(|problems| {
        format!("{path}: the scenario cannot run:\n  {}", problem_list(&scenario, &problems))
    })?;
    let seconds = a.seconds.unwrap_or(DEFAULT_SECONDS);
    let plan = plan::plan(&scenario, seconds).map_err(|refused| {
        format!(
            "{path}: Redis cannot express {} setting(s) of this scenario; nothing was run:\n  {}",
            refused.len(),
            refused.join("\n  ")
        )
    })?;
    // The prediction first: it cannot fail now, and a broker is started only to be compared.
    let seeds = a.seeds.unwrap_or(DEFAULT_SEEDS);
    let predicted = report::predict(&scenario, &plan, seeds)?;
    let dir = broker::RunDir::new()?;
    let mut broker = match &a.url {
        Some(url) => broker::connect_redis(url)?,
        None => broker::start_redis(&dir.0, a.port)?,
    };
    let run = supervise::run(&plan, &mut broker, &dir.0)?;
    let measured = report::measure(&plan, &broker, &run)?;
    let r = report::Report::new(&scenario, &plan, &broker, seeds, &predicted, &measured);
    if a.json {
        let text = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "{text}");
    } else {
        let _ = write!(out, "{}", r.text());
    }
    Ok(if r.all_agree() { 0 } else { EXIT_CHECK_FAILED })
}

/// The Redis keys a run writes, beside the streams of [`plan`].
pub(crate) mod keys {
    use super::plan::GroupPlan;
    use crate::scenario::NodeId;

    /// Counters of a group: effects, skipped, redelivered, retried, failed_attempts,
    /// dead_lettered.
    pub fn stats(g: &GroupPlan) -> String {
        format!("fanout:stats:{}", g.node.0)
    }
    /// Each event id's side effects, counted: what the group really wrote.
    pub fn effects(g: &GroupPlan) -> String {
        format!("fanout:effects:{}", g.node.0)
    }
    /// The idempotency key of an event id (effectively-once).
    pub fn dedup(g: &GroupPlan, event: u64) -> String {
        format!("fanout:dedup:{}:{event}", g.node.0)
    }
    /// The event ids the group dead-lettered.
    pub fn dead_lettered(g: &GroupPlan) -> String {
        format!("fanout:dead-lettered:{}", g.node.0)
    }
    /// Present while an instance is in a down window.
    pub fn down(g: &GroupPlan, consumer: &str) -> String {
        format!("fanout:down:{}:{consumer}", g.node.0)
    }
    /// A database's token bucket and write counts.
    pub fn database(node: NodeId) -> String {
        format!("fanout:db:{}", node.0)
    }
}
