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
use super::figures::Target;
use super::model::Model;
use super::sim::{Simulation, State};
use crate::scenario::{Check, CheckFigure, CheckOp};
use serde::Serialize;

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
        .map(|check| CheckRt { check: check.clone(), target: Target::of(m, check.node) })
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
    /// The figure a check reads now. The largest lag is read as the lag now: the check's
    /// record keeps the largest of those since the check began watching (a check added during
    /// a run watches from then on, not from the group's largest lag of the whole run).
    fn check_figure(&self, m: &Model, c: &CheckRt) -> f64 {
        let figure = match c.check.figure {
            CheckFigure::MaxLag => CheckFigure::Lag,
            other => other,
        };
        self.figure(m, c.target, figure)
    }

    /// Evaluates every check at a sample: remembers first violations and the largest values.
    /// Called from the sample handler only, never from the hot path.
    pub(crate) fn watch_checks(&mut self, m: &Model) {
        for (i, c) in m.checks.iter().enumerate() {
            let value = self.check_figure(m, c);
            let Some(record) = self.checks.get_mut(i) else { continue };
            record.largest = record.largest.max(value);
            let seen = if c.check.figure == CheckFigure::MaxLag { record.largest } else { value };
            if record.first_violation.is_none() && !c.check.op.upper_holds(seen, c.check.value) {
                record.first_violation = Some(self.now);
            }
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
                let now = st.check_figure(m, c);
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
