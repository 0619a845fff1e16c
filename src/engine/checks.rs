//! Checks: the scenario's statements about its own figures, watched while the run goes on.
//!
//! A check is evaluated at every series sample (the existing `Sample` engine event, so the
//! queue, the trace hash and the hot path are untouched) and whenever it is asked for. Each
//! check remembers the first sample at which its upper bound did not hold, and, for the largest
//! lag, the largest value seen at a sample. Semantics (documented in `docs/scenario-format.md`):
//!
//! * `<`, `≤` and `=` bound the figure from above. A figure over its bound *violates* the check:
//!   the first simulated time it was seen over it is kept, and the check fails from then on
//!   (counters only grow, so they could not come back anyway; a latency percentile that comes
//!   back down does not undo a violation).
//! * `≥`, `>` and `=` bound it from below: a goal, *pending* while the run goes on and not met
//!   yet; a run that ends with a goal pending fails it ([`CheckStatus::at_end`]).

use super::clock::Micros;
use super::model::{Model, Role};
use super::sim::{Simulation, State};
use crate::scenario::{Check, CheckFigure, CheckOp};
use serde::Serialize;

/// Whose figure a compiled check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// Summed over the whole scenario.
    Whole,
    /// A consumer group, service or projection (its index).
    Group(u16),
    /// A producer.
    Producer(u16),
    /// A database.
    Database(u16),
}

/// A check compiled against the model: its definition and where its figure lives.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CheckRt {
    /// As the scenario states it (kept to recognise the same check after an edit).
    check: Check,
    target: Target,
}

/// What a check has seen so far in this run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct CheckRecord {
    /// First sample time at which the upper bound did not hold.
    first_violation: Option<Micros>,
    /// Largest value seen at a sample (the largest lag is the largest of these).
    largest: f64,
}

/// Where a check stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It holds now (and, for an upper bound, has held at every sample).
    Holds,
    /// A lower bound not reached yet: the run may still reach it.
    Pending,
    /// Its upper bound was broken at some point.
    Fails,
}

/// One check's status now, in the scenario's order of checks.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CheckStatus {
    /// Pass, pending or fail.
    pub verdict: Verdict,
    /// The figure now, in its unit (`CheckFigure::unit`): a count, messages or milliseconds.
    pub value: f64,
    /// Simulated time of the first sample at which the upper bound did not hold (for a
    /// violation seen only now, between samples: now).
    pub first_violation_us: Option<Micros>,
}

impl CheckStatus {
    /// The verdict once the run is over: a goal still pending was not met, so it fails.
    pub fn at_end(&self) -> Verdict {
        match self.verdict {
            Verdict::Pending => Verdict::Fails,
            other => other,
        }
    }
}

/// Compiles the scenario's checks against the model's node indices. Validation has checked
/// that every node exists and that its kind has the figure; a check that still does not fit
/// reads the whole scenario's figure rather than panicking.
pub(crate) fn compile(checks: &[Check], m: &Model) -> Vec<CheckRt> {
    checks
        .iter()
        .map(|check| {
            let role = check
                .node
                .and_then(|id| m.node_ids.iter().position(|&n| n == id))
                .map(|i| m.roles[i]);
            let target = match role {
                Some(Role::Group(g)) => Target::Group(g),
                Some(Role::Producer(p)) => Target::Producer(p),
                Some(Role::Database(d)) => Target::Database(d),
                _ => Target::Whole,
            };
            CheckRt { check: check.clone(), target }
        })
        .collect()
}

/// Fresh records for a run of this model.
pub(crate) fn fresh_records(m: &Model) -> Vec<CheckRecord> {
    vec![CheckRecord::default(); m.checks.len()]
}

/// Records for `new`'s checks after a settings change from `old`: a check that was there before
/// keeps what it has seen; a new or changed one starts watching now.
pub(crate) fn carry_records(old: &Model, records: &[CheckRecord], new: &Model) -> Vec<CheckRecord> {
    new.checks
        .iter()
        .map(|c| {
            old.checks
                .iter()
                .position(|o| o == c)
                .and_then(|i| records.get(i).copied())
                .unwrap_or_default()
        })
        .collect()
}

impl State {
    /// Evaluates every check at a sample: remembers first violations and the largest values.
    /// Called from the sample handler only, never from the hot path.
    pub(crate) fn watch_checks(&mut self, m: &Model) {
        for (i, c) in m.checks.iter().enumerate() {
            let value = self.figure(m, c);
            let Some(record) = self.checks.get_mut(i) else { continue };
            record.largest = record.largest.max(value);
            let seen = if c.check.figure == CheckFigure::MaxLag { record.largest } else { value };
            if record.first_violation.is_none() && !c.check.op.upper_holds(seen, c.check.value) {
                record.first_violation = Some(self.now);
            }
        }
    }

    /// The figure a check reads, now, in its unit.
    fn figure(&self, m: &Model, c: &CheckRt) -> f64 {
        use CheckFigure as F;
        let ms = |us: u64| us as f64 / 1_000.0;
        match (c.target, c.check.figure) {
            (Target::Group(g), figure) => {
                let gs = &self.groups[usize::from(g)];
                let count = match figure {
                    F::Processed => gs.c.processed,
                    F::DuplicateSideEffects => gs.c.duplicate_side_effects,
                    F::Lost => gs.c.lost,
                    F::Expired => gs.c.expired,
                    F::DeadLettered => gs.c.dead_lettered,
                    F::Redelivered => gs.c.redelivered,
                    F::Replayed => gs.c.replayed,
                    F::OrderingViolations => gs.c.ordering_violations,
                    F::MaxLag => self.group_lag(g).0,
                    F::LatencyP99 => return ms(gs.latency.quantile(0.99)),
                    F::EndToEndLatencyP99 => return ms(gs.end_to_end.quantile(0.99)),
                    _ => 0,
                };
                count as f64
            }
            (Target::Producer(p), figure) => {
                let ps = &self.producers[usize::from(p)];
                let count = match figure {
                    F::FailedRequests => ps.c.requests_failed,
                    F::Lost => ps.c.publish_lost + ps.c.lost_dual_write,
                    F::PublishLost => ps.c.publish_lost,
                    F::LostDualWrite => ps.c.lost_dual_write,
                    F::RequestLatencyP99 => return ms(ps.request_latency.quantile(0.99)),
                    _ => 0,
                };
                count as f64
            }
            (Target::Database(d), F::RejectedWrites) => {
                self.databases[usize::from(d)].c.rejected as f64
            }
            (Target::Database(d), F::DuplicateSideEffects) => {
                let writes_here =
                    |g: &&super::model::GroupRt| g.out.databases.iter().any(|&(_, x)| x == d);
                let groups = m.groups.iter().enumerate().filter(|(_, g)| writes_here(g));
                groups.map(|(g, _)| self.groups[g].c.duplicate_side_effects).sum::<u64>() as f64
            }
            (Target::Database(_), _) => 0.0,
            (Target::Whole, figure) => self.whole_figure(figure) as f64,
        }
    }

    /// A figure summed over the whole scenario. `lost` is every event lost anywhere: lost by
    /// groups, outputs a service will never publish, publishes lost, events lost by a dual
    /// write, and outbox writes refused with their transaction.
    fn whole_figure(&self, figure: CheckFigure) -> u64 {
        use CheckFigure as F;
        let groups = |f: fn(&super::world::GroupCounters) -> u64| -> u64 {
            self.groups.iter().map(|g| f(&g.c)).sum()
        };
        match figure {
            F::Lost => {
                groups(|c| c.lost + c.lost_outputs)
                    + self
                        .producers
                        .iter()
                        .map(|p| p.c.publish_lost + p.c.lost_dual_write)
                        .sum::<u64>()
                    + self.outboxes.iter().map(|o| o.c.refused).sum::<u64>()
            }
            F::DuplicateSideEffects => groups(|c| c.duplicate_side_effects),
            F::Expired => groups(|c| c.expired),
            F::DeadLettered => groups(|c| c.dead_lettered),
            F::OrderingViolations => groups(|c| c.ordering_violations),
            F::FailedRequests => self.producers.iter().map(|p| p.c.requests_failed).sum(),
            _ => 0,
        }
    }
}

impl Simulation {
    /// Every check of the scenario, in its order, evaluated on the figures now. Pure: asking
    /// changes nothing, so the UI can ask every frame.
    pub fn checks(&self) -> Vec<CheckStatus> {
        let m = &*self.model;
        let st = &self.st;
        m.checks
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let record = st.checks.get(i).copied().unwrap_or_default();
                let now = st.figure(m, c);
                let value = if c.check.figure == CheckFigure::MaxLag {
                    record.largest.max(now)
                } else {
                    now
                };
                status(&c.check, value, record.first_violation, st.now)
            })
            .collect()
    }
}

/// The status of `check` whose figure is `value` now and was first seen over its upper bound at
/// `first_violation` (if ever).
fn status(check: &Check, value: f64, first_violation: Option<Micros>, now: Micros) -> CheckStatus {
    let op: CheckOp = check.op;
    let first_violation_us =
        first_violation.or_else(|| (!op.upper_holds(value, check.value)).then_some(now));
    let verdict = if first_violation_us.is_some() {
        Verdict::Fails
    } else if op.lower_holds(value, check.value) {
        Verdict::Holds
    } else {
        Verdict::Pending
    };
    CheckStatus { verdict, value, first_violation_us }
}
