//! The figures of a verify run: what the broker did, read back from Redis, and what the engine
//! predicts for the same scenario and duration over many seeds, side by side.
//!
//! Agreement: one broker run is one draw, so it is compared with the range that holds the
//! middle 95 % of the engine's seeds (from the 2.5th to the 97.5th percentile), not with the
//! confidence interval of the engine's mean, which narrows as seeds are added and says where
//! the *mean* is. Both are printed.

use super::broker::Broker;
use super::keys;
use super::plan::Plan;
use super::supervise::RunFacts;
use crate::engine::replications::{replicate, replicate_on_threads};
use crate::engine::secs_to_us;
use crate::scenario::{CheckFigure, Scenario};
use crate::stats::Interval;
use redis::Commands;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Most stream entries read back per partition when counting losses.
const MAX_ENTRIES_READ: usize = 1_000_000;

/// The figures compared for each group, in this order.
pub const GROUP_FIGURES: [&str; 8] = [
    "produced",
    "processed",
    "redelivered",
    "retried",
    "duplicate side effects",
    "dead-lettered",
    "lost",
    "crashes",
];

/// One value per figure: per group [`GROUP_FIGURES`], then each database's rejected writes.
type Values = Vec<f64>;

/// The engine's values over `seeds` seeds, one [`Values`] per seed.
pub fn predict(scenario: &Scenario, plan: &Plan, seeds: u32) -> Result<Vec<Values>, String> {
    let duration = secs_to_us(plan.seconds);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    replicate_on_threads(seeds, threads, |i| {
        replicate(scenario, duration, i, |sim, _| {
            let m = sim.metrics();
            let mut v = Vec::new();
            for g in &plan.groups {
                let c = m
                    .groups
                    .iter()
                    .find(|x| x.id == g.node)
                    .map(|x| x.counters)
                    .unwrap_or_default();
                v.extend(
                    [c.produced, c.processed, c.redelivered, c.retried, c.duplicate_side_effects]
                        .map(|x| x as f64),
                );
                v.extend([c.dead_lettered, c.lost, c.crashes].map(|x| x as f64));
            }
            for (db, _) in databases(plan) {
                v.push(sim.figure(Some(db), CheckFigure::RejectedWrites).unwrap_or_default());
            }
            v
        })
    })
    .map_err(|_| "the scenario cannot run".to_owned())
}

/// The databases with a capacity, once each, in plan order.
fn databases(plan: &Plan) -> Vec<(crate::scenario::NodeId, u64)> {
    let mut seen = Vec::new();
    for g in &plan.groups {
        for &(db, cap) in &g.databases {
            if cap > 0 && !seen.iter().any(|&(d, _)| d == db) {
                seen.push((db, cap));
            }
        }
    }
    seen
}

/// What the broker did, read back from Redis after the run.
pub fn measure(
    plan: &Plan,
    broker: &Broker,
    facts: &RunFacts,
) -> Result<(Values, Vec<ProducerFacts>), String> {
    let mut con = super::worker::connect(&broker.url)?;
    let e = |e: redis::RedisError| format!("reading the run back from Redis: {e}");
    let mut v = Vec::new();
    for (gi, g) in plan.groups.iter().enumerate() {
        let effects: Vec<String> = con.hkeys(keys::effects(g)).map_err(e)?;
        let applied: BTreeSet<u64> = effects.iter().filter_map(|k| k.parse().ok()).collect();
        let dead: BTreeSet<u64> = con.smembers(keys::dead_lettered(g)).map_err(e)?;
        let stat = |con: &mut redis::Connection, f: &str| -> Result<f64, String> {
            let x: Option<u64> = con.hget(keys::stats(g), f).map_err(e)?;
            Ok(x.unwrap_or(0) as f64)
        };
        let (mut produced, mut lost) = (0u64, 0u64);
        for s in &g.streams {
            produced += con.xlen::<_, u64>(s).map_err(e)?;
            lost += lost_in(&mut con, s, &g.redis_group, &applied, &dead).map_err(e)?;
        }
        let total_effects = stat(&mut con, "effects")?;
        v.extend([
            produced as f64,
            applied.len() as f64,
            stat(&mut con, "redelivered")?,
            stat(&mut con, "retried")?,
        ]);
        v.push(total_effects - applied.len() as f64);
        v.extend([stat(&mut con, "dead_lettered")?, lost as f64, facts.crashes[gi] as f64]);
    }
    for (db, _) in databases(plan) {
        let x: Option<u64> = con.hget(keys::database(db), "rejected").map_err(e)?;
        v.push(x.unwrap_or(0) as f64);
    }
    let mut producers = Vec::new();
    for (i, p) in plan.producers.iter().enumerate() {
        let key = format!("fanout:producer:{i}");
        let (events, late_ms): (Option<u64>, Option<u64>) =
            redis::cmd("HMGET").arg(key).arg("events").arg("late_ms").query(&mut con).map_err(e)?;
        producers.push(ProducerFacts {
            name: p.name.clone(),
            events: events.unwrap_or(0),
            late_ms: late_ms.unwrap_or(0),
        });
    }
    Ok((v, producers))
}

/// What a producer process reports at its end.
#[derive(Clone, Serialize)]
pub struct ProducerFacts {
    pub name: String,
    /// Events it produced.
    pub events: u64,
    /// How far behind its arrival schedule it fell at worst, in ms (a loaded machine).
    pub late_ms: u64,
}

/// Entries of `stream` the group was handed (up to its last-delivered id) that ended in no
/// side effect, no dead-letter entry and are not pending: lost.
fn lost_in(
    con: &mut redis::Connection,
    stream: &str,
    group: &str,
    applied: &BTreeSet<u64>,
    dead: &BTreeSet<u64>,
) -> redis::RedisResult<u64> {
    let info: redis::streams::StreamInfoGroupsReply = con.xinfo_groups(stream)?;
    let Some(last) =
        info.groups.iter().find(|x| x.name == group).map(|x| x.last_delivered_id.clone())
    else {
        return Ok(0);
    };
    let pending: redis::streams::StreamPendingCountReply = redis::cmd("XPENDING")
        .arg(stream)
        .arg(group)
        .arg("-")
        .arg("+")
        .arg(MAX_ENTRIES_READ)
        .query(con)?;
    let pending: BTreeSet<String> = pending.ids.into_iter().map(|p| p.id).collect();
    let delivered: redis::streams::StreamRangeReply =
        con.xrange_count(stream, "-", &last, MAX_ENTRIES_READ)?;
    let lost = delivered
        .ids
        .iter()
        .filter(|sid| !pending.contains(&sid.id))
        .filter_map(|sid| sid.get::<u64>("e"))
        .filter(|id| !applied.contains(id) && !dead.contains(id))
        .count();
    Ok(lost as u64)
}

/// One figure side by side.
#[derive(Serialize)]
pub struct Row {
    /// The group's or database's name.
    pub node: String,
    pub figure: String,
    pub broker: f64,
    /// The engine's mean and the 95 % confidence interval of that mean.
    pub engine: Interval,
    /// The range holding the middle 95 % of the engine's seeds.
    pub seeds_low: f64,
    pub seeds_high: f64,
    /// Whether the broker's value lies in that range.
    pub agrees: bool,
}

/// The whole comparison.
#[derive(Serialize)]
pub struct Report {
    pub title: String,
    pub broker: String,
    pub seconds: f64,
    pub seeds: u32,
    pub rows: Vec<Row>,
    pub producers: Vec<ProducerFacts>,
}

/// The middle 95 % of `values`: from the 2.5th to the 97.5th percentile (nearest rank).
pub fn middle_95(values: &[f64]) -> (f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = v.len();
    let lo = ((0.025 * n as f64).ceil() as usize).clamp(1, n) - 1;
    let hi = ((0.975 * n as f64).ceil() as usize).clamp(1, n) - 1;
    (v[lo], v[hi])
}

impl Report {
    pub fn new(
        scenario: &Scenario,
        plan: &Plan,
        broker: &Broker,
        seeds: u32,
        predicted: &[Values],
        (measured, producers): &(Values, Vec<ProducerFacts>),
    ) -> Report {
        let mut labels: Vec<(String, String)> = Vec::new();
        for g in &plan.groups {
            labels.extend(GROUP_FIGURES.iter().map(|f| (g.name.clone(), (*f).to_owned())));
        }
        for (db, _) in databases(plan) {
            let name = scenario.node(db).map_or_else(|| db.to_string(), |n| n.name.clone());
            labels.push((name, "rejected writes".to_owned()));
        }
        let rows = labels
            .into_iter()
            .enumerate()
            .map(|(i, (node, figure))| {
                let column: Vec<f64> = predicted.iter().filter_map(|v| v.get(i).copied()).collect();
                let engine = Interval::of(&column).unwrap_or(Interval {
                    n: 0,
                    mean: f64::NAN,
                    half_width: f64::NAN,
                    min: f64::NAN,
                    max: f64::NAN,
                });
                let (seeds_low, seeds_high) = middle_95(&column);
                let broker = measured.get(i).copied().unwrap_or(f64::NAN);
                let agrees = seeds_low <= broker && broker <= seeds_high;
                Row { node, figure, broker, engine, seeds_low, seeds_high, agrees }
            })
            .collect();
        let how = if broker.server.is_some() { "started on" } else { "given at" };
        Report {
            title: if scenario.title.is_empty() {
                "(untitled)".to_owned()
            } else {
                scenario.title.clone()
            },
            broker: format!("Redis {} ({how} {})", broker.version, broker.url),
            seconds: plan.seconds,
            seeds,
            rows,
            producers: producers.clone(),
        }
    }

    pub fn all_agree(&self) -> bool {
        self.rows.iter().all(|r| r.agrees)
    }

    /// The readable table, one block per group.
    pub fn text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "{}: {} s on {}", self.title, self.seconds, self.broker);
        let _ = writeln!(
            o,
            "engine: the same scenario, {} seeds of {} s each: mean ± 95 % confidence interval of the mean, and the range holding the middle 95 % of the seeds' values;\na broker figure agrees when it lies in that range (one run, like the broker's, falls inside it 19 times in 20)",
            self.seeds, self.seconds
        );
        let mut node = "";
        for r in &self.rows {
            if r.node != node {
                node = &r.node;
                let _ = writeln!(
                    o,
                    "\n{node}\n  {:<24} {:>8}   {:<22} {:<16} agree",
                    "figure", "broker", "engine mean ± 95 % CI", "95 % of seeds"
                );
            }
            let mean = format!("{:.1} ± {:.1}", r.engine.mean, r.engine.half_width);
            let range = format!("[{} … {}]", r.seeds_low, r.seeds_high);
            let word = if r.agrees { "yes" } else { "NO" };
            let _ =
                writeln!(o, "  {:<24} {:>8}   {mean:<22} {range:<16} {word}", r.figure, r.broker);
        }
        for p in &self.producers {
            let _ = writeln!(
                o,
                "\nproducer {}: {} events, at most {} ms behind its arrival schedule",
                p.name, p.events, p.late_ms
            );
        }
        let agree = self.rows.iter().filter(|r| r.agrees).count();
        let n = self.rows.len();
        // Each range leaves out one single run in 20, so a few figures outside it are what
        // chance alone gives: say how many, so that one "NO" is read for what it is.
        let _ = writeln!(
            o,
            "\n{agree} of {n} figures agree (chance alone puts about {:.1} of {n} outside their ranges)",
            0.05 * n as f64
        );
        o
    }
}

#[cfg(test)]
mod tests {
    use super::middle_95;

    #[test]
    fn the_middle_95_percent_leaves_out_two_and_a_half_percent_at_each_end() {
        let v: Vec<f64> = (1..=200).map(f64::from).collect();
        // 200 values: ranks 5 and 195 (1-based) bound the middle 95 %: 190 values… inclusive.
        assert_eq!(middle_95(&v), (5.0, 195.0));
        let inside = v.iter().filter(|&&x| (5.0..=195.0).contains(&x)).count();
        assert!(inside as f64 / 200.0 >= 0.95);
        assert_eq!(middle_95(&[3.0]), (3.0, 3.0));
        assert_eq!(middle_95(&[4.0, 1.0, 2.0, 3.0]), (1.0, 4.0));
    }
}
