//! Checks: statements a scenario makes about its own figures ("duplicate side effects at
//! Ledger = 0", "nothing lost", "p99 latency of Payment < 500 ms").
//!
//! Every figure's name, label, unit and the node kinds it applies to are written once, in
//! [`CheckFigure`]'s table below; validation, the engine, the command line, the UI and the docs
//! tests all read it from here. The engine evaluates checks (`engine::checks`); this module only
//! says what a check is and how to say it in words.

use super::config::is_default;
use super::{NodeId, NodeKindTag, Scenario};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One statement about a figure of the scenario: `figure` of `node` (or of the whole scenario)
/// compared with `value` by `op`. Written in JSON as
/// `{"figure": "duplicate_side_effects", "node": 5, "op": "=", "value": 0}`; `op` defaults to
/// `=` and `value` to 0, so `{"figure": "lost"}` says "nothing lost".
///
/// A lesson shows what goes wrong as much as what goes right: `expect_fail` marks a check the
/// scenario expects to fail (the red line of "without an idempotency key, duplicates"), so that
/// `fanout check` passes when it does fail and the reader can jump to its first violation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What is measured.
    pub figure: CheckFigure,
    /// Whose figure; `None` for the whole scenario (only figures with a scenario-wide meaning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
    /// How the figure compares with `value`. Default `=`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub op: CheckOp,
    /// The bound, in the figure's unit ([`CheckFigure::unit`]). Default 0.
    #[serde(default, skip_serializing_if = "is_default")]
    pub value: f64,
    /// The scenario expects this check to fail (a lesson's "without" side). Default false.
    #[serde(default, skip_serializing_if = "is_default")]
    pub expect_fail: bool,
}

/// A comparison. Written as `"<"`, `"<="`, `"="`, `">="`, `">"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckOp {
    /// Strictly below.
    #[serde(rename = "<")]
    Less,
    /// At most.
    #[serde(rename = "<=")]
    AtMost,
    /// Exactly.
    #[default]
    #[serde(rename = "=")]
    Equal,
    /// At least.
    #[serde(rename = ">=")]
    AtLeast,
    /// Strictly above.
    #[serde(rename = ">")]
    Greater,
}

impl CheckOp {
    /// Every comparison, in the order an editor lists them.
    pub const ALL: [CheckOp; 5] =
        [CheckOp::Less, CheckOp::AtMost, CheckOp::Equal, CheckOp::AtLeast, CheckOp::Greater];

    /// As written in JSON (`<=`).
    pub fn code(self) -> &'static str {
        match self {
            CheckOp::Less => "<",
            CheckOp::AtMost => "<=",
            CheckOp::Equal => "=",
            CheckOp::AtLeast => ">=",
            CheckOp::Greater => ">",
        }
    }

    /// As shown in sentences (`≤`).
    pub fn symbol(self) -> &'static str {
        match self {
            CheckOp::Less => "<",
            CheckOp::AtMost => "≤",
            CheckOp::Equal => "=",
            CheckOp::AtLeast => "≥",
            CheckOp::Greater => ">",
        }
    }

    /// The comparison parsed from its JSON form.
    pub fn from_code(code: &str) -> Option<CheckOp> {
        CheckOp::ALL.into_iter().find(|op| op.code() == code)
    }

    /// Whether `value` satisfies the upper part of the comparison (`<`, `≤` and `=` bound the
    /// figure from above; `≥` and `>` do not). A figure that breaks its upper bound has been
    /// violated: counters only grow, so it can never hold again.
    pub fn upper_holds(self, figure: f64, bound: f64) -> bool {
        match self {
            CheckOp::Less => figure < bound,
            CheckOp::AtMost | CheckOp::Equal => figure <= bound,
            CheckOp::AtLeast | CheckOp::Greater => true,
        }
    }

    /// Whether `value` satisfies the lower part (`≥`, `>` and `=` bound the figure from below):
    /// a goal the run may still reach, pending until then.
    pub fn lower_holds(self, figure: f64, bound: f64) -> bool {
        match self {
            CheckOp::Greater => figure > bound,
            CheckOp::AtLeast | CheckOp::Equal => figure >= bound,
            CheckOp::Less | CheckOp::AtMost => true,
        }
    }
}

impl fmt::Display for CheckOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// The unit a figure is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckUnit {
    /// A count of messages, events, requests or writes: shown without a unit.
    Count,
    /// Messages (lag).
    Messages,
    /// Milliseconds (latency percentiles).
    Ms,
}

impl CheckUnit {
    /// The unit's word after a number (`ms`), empty for plain counts.
    pub fn label(self) -> &'static str {
        match self {
            CheckUnit::Count => "",
            CheckUnit::Messages => "messages",
            CheckUnit::Ms => "ms",
        }
    }
}

/// Which nodes a figure can be checked at: a set of these bits.
type Scope = u8;
/// Groups, services and projections.
const CONSUMERS: Scope = 1;
/// Producers.
const PRODUCERS: Scope = 2;
/// Databases (a consumer figure summed over the groups that write to it).
const DATABASES: Scope = 4;
/// The whole scenario (a check without a node).
const WHOLE: Scope = 8;

/// A figure a check can state something about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckFigure {
    /// Consumers: messages processed.
    Processed,
    /// Consumers, databases, whole scenario: side effects applied to an event id that already
    /// had one.
    DuplicateSideEffects,
    /// Consumers: messages lost. Producers: publishes lost and lost by dual write. Whole
    /// scenario: every event lost anywhere (see the docs).
    Lost,
    /// Consumers, whole scenario: messages removed by retention before they were read.
    Expired,
    /// Consumers, whole scenario: messages parked in a dead-letter target.
    DeadLettered,
    /// Consumers: deliveries of an offset delivered before.
    Redelivered,
    /// Consumers: deliveries made by a projection rebuild (a replay from offset zero).
    Replayed,
    /// Consumers, whole scenario: events processed after a later event of the same key.
    OrderingViolations,
    /// Consumers: the largest lag seen so far, in messages.
    MaxLag,
    /// Consumers: 99th percentile of per-hop latency over the run so far, ms.
    LatencyP99,
    /// Consumers: 99th percentile of end-to-end latency over the run so far, ms.
    EndToEndLatencyP99,
    /// Producers, whole scenario: requests whose synchronous calls or database write failed.
    FailedRequests,
    /// Producers: 99th percentile of successful requests' latency over the run so far, ms.
    RequestLatencyP99,
    /// Producers: publishes dropped on the edge or refused by a down broker.
    PublishLost,
    /// Producers: events lost by a crash between the database write and the publish.
    LostDualWrite,
    /// Databases: writes refused for lack of capacity.
    RejectedWrites,
}

/// A row of the table: (JSON name, label, unit, where it applies, the phrase for "= 0" over
/// the whole scenario, or "" to say it with the label).
type Row = (&'static str, &'static str, CheckUnit, Scope, &'static str);

impl CheckFigure {
    /// Every figure, in the order an editor lists them.
    pub const ALL: [CheckFigure; 16] = [
        CheckFigure::Processed,
        CheckFigure::DuplicateSideEffects,
        CheckFigure::Lost,
        CheckFigure::Expired,
        CheckFigure::DeadLettered,
        CheckFigure::Redelivered,
        CheckFigure::Replayed,
        CheckFigure::OrderingViolations,
        CheckFigure::MaxLag,
        CheckFigure::LatencyP99,
        CheckFigure::EndToEndLatencyP99,
        CheckFigure::FailedRequests,
        CheckFigure::RequestLatencyP99,
        CheckFigure::PublishLost,
        CheckFigure::LostDualWrite,
        CheckFigure::RejectedWrites,
    ];

    /// The one table every reader of figures uses: validation, the engine, the command line,
    /// the UI and the docs test. A match, so that a new figure cannot lack a row.
    fn row(self) -> Row {
        use CheckFigure as F;
        use CheckUnit::{Count, Messages, Ms};
        match self {
            F::Processed => ("processed", "processed", Count, CONSUMERS, ""),
            F::DuplicateSideEffects => (
                "duplicate_side_effects",
                "duplicate side effects",
                Count,
                CONSUMERS | DATABASES | WHOLE,
                "no duplicate side effects",
            ),
            F::Lost => ("lost", "lost", Count, CONSUMERS | PRODUCERS | WHOLE, "nothing lost"),
            F::Expired => ("expired", "expired", Count, CONSUMERS | WHOLE, "nothing expired"),
            F::DeadLettered => (
                "dead_lettered",
                "dead-lettered",
                Count,
                CONSUMERS | WHOLE,
                "nothing dead-lettered",
            ),
            F::Redelivered => ("redelivered", "redelivered", Count, CONSUMERS, ""),
            F::Replayed => ("replayed", "replayed", Count, CONSUMERS, ""),
            F::OrderingViolations => (
                "ordering_violations",
                "ordering violations",
                Count,
                CONSUMERS | WHOLE,
                "per-key order kept",
            ),
            F::MaxLag => ("max_lag", "largest lag", Messages, CONSUMERS, ""),
            F::LatencyP99 => ("latency_p99", "p99 latency", Ms, CONSUMERS, ""),
            F::EndToEndLatencyP99 => {
                ("end_to_end_latency_p99", "p99 end-to-end latency", Ms, CONSUMERS, "")
            }
            F::FailedRequests => (
                "failed_requests",
                "failed requests",
                Count,
                PRODUCERS | WHOLE,
                "no failed requests",
            ),
            F::RequestLatencyP99 => {
                ("request_latency_p99", "p99 request latency", Ms, PRODUCERS, "")
            }
            F::PublishLost => ("publish_lost", "publishes lost", Count, PRODUCERS, ""),
            F::LostDualWrite => ("lost_dual_write", "lost by dual write", Count, PRODUCERS, ""),
            F::RejectedWrites => ("rejected_writes", "rejected writes", Count, DATABASES, ""),
        }
    }

    /// The name in JSON (`duplicate_side_effects`).
    pub fn code(self) -> &'static str {
        self.row().0
    }

    /// The figure parsed from its JSON name.
    pub fn from_code(code: &str) -> Option<CheckFigure> {
        CheckFigure::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Words for the figure (`duplicate side effects`).
    pub fn label(self) -> &'static str {
        self.row().1
    }

    /// Its unit.
    pub fn unit(self) -> CheckUnit {
        self.row().2
    }

    /// Whether the figure can be checked at a node of kind `kind`, or over the whole scenario
    /// when `kind` is `None`.
    pub fn applies_to(self, kind: Option<NodeKindTag>) -> bool {
        let needed = match kind {
            None => WHOLE,
            Some(tag) if tag.is_consumer() => CONSUMERS,
            Some(NodeKindTag::Producer) => PRODUCERS,
            Some(NodeKindTag::Database) => DATABASES,
            Some(_) => return false,
        };
        self.row().3 & needed != 0
    }

    /// Whether the figure only grows during a run (a count, or the largest lag seen): an upper
    /// bound it breaks stays broken, a lower bound it meets stays met. Latency percentiles of
    /// the run so far can move either way.
    pub fn only_grows(self) -> bool {
        self.unit() != CheckUnit::Ms
    }

    /// "Preposition" between the label and a node's name: counts are *at* a node (`lost at
    /// Shipping`), measurements *of* it (`p99 latency of Payment`).
    fn preposition(self) -> &'static str {
        match self.unit() {
            CheckUnit::Count if self != CheckFigure::FailedRequests => "at",
            _ => "of",
        }
    }
}

impl fmt::Display for CheckFigure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Check {
    /// A check of `figure` at `node` (or over the whole scenario).
    pub fn new(figure: CheckFigure, node: Option<NodeId>, op: CheckOp, value: f64) -> Self {
        Self { figure, node, op, value, expect_fail: false }
    }

    /// The check in words, with node names from `scenario`: "duplicate side effects at
    /// Ledger = 0", "p99 latency of Payment < 500 ms", "nothing lost". UI and command line
    /// both show this sentence.
    pub fn sentence(&self, scenario: &Scenario) -> String {
        let bound = format_value(self.value, self.figure.unit());
        let Some(id) = self.node else {
            let none = self.figure.row().4;
            if self.op == CheckOp::Equal && self.value == 0.0 && !none.is_empty() {
                return none.to_owned();
            }
            return format!("{} in total {} {bound}", self.figure.label(), self.op);
        };
        let name = match scenario.node(id) {
            Some(n) if !n.name.trim().is_empty() => n.name.clone(),
            _ => id.to_string(),
        };
        format!("{} {} {name} {} {bound}", self.figure.label(), self.figure.preposition(), self.op)
    }
}

/// A figure's value with its unit: `1,000 messages`, `1 message`, `12.5 ms`, `3`.
pub fn format_value(value: f64, unit: CheckUnit) -> String {
    let number = format_number(value);
    match unit {
        CheckUnit::Count => number,
        CheckUnit::Messages if number == "1" => "1 message".to_owned(),
        unit => format!("{number} {}", unit.label()),
    }
}

/// `1234` as `1,234`, `12.345` as `12.35` (two decimals at most, none for whole numbers).
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let digits = format!("{}", whole.abs() as u64);
    let mut out = String::with_capacity(digits.len() + 8);
    if rounded < 0.0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    let fraction = (rounded - whole).abs();
    if fraction > 0.0 {
        let text = format!("{fraction:.2}");
        out.push_str(text.trim_start_matches('0').trim_end_matches('0'));
    }
    out
}

/// A simulated time in words, to a tenth of a second: `12.4 s`, `25 min 35 s`, `1 h 5 min 0 s`.
pub fn format_sim_time(us: u64) -> String {
    let tenths = (us + 50_000) / 100_000;
    let (seconds, tenth) = (tenths / 10, tenths % 10);
    if seconds < 60 {
        return format!("{seconds}.{tenth} s");
    }
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    if minutes < 60 {
        return format!("{minutes} min {seconds} s");
    }
    format!("{} h {} min {seconds} s", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_is_listed_once_with_its_serde_name() {
        for figure in CheckFigure::ALL {
            let json = serde_json::to_value(figure).expect("serialises");
            assert_eq!(json, serde_json::Value::String(figure.code().to_owned()));
            assert_eq!(CheckFigure::from_code(figure.code()), Some(figure));
            assert_eq!(CheckFigure::ALL.iter().filter(|f| **f == figure).count(), 1);
            let applies = [None, Some(NodeKindTag::Producer), Some(NodeKindTag::ConsumerGroup)];
            let applies_somewhere = applies.into_iter().any(|k| figure.applies_to(k))
                || figure.applies_to(Some(NodeKindTag::Database));
            assert!(applies_somewhere, "{figure:?}");
        }
        // serde names every variant in its error: each must be in ALL.
        let err = serde_json::from_str::<CheckFigure>("\"?\"").expect_err("unknown");
        let listed = err.to_string().matches('`').count() / 2 - 1;
        assert_eq!(listed, CheckFigure::ALL.len(), "{err}");
        for op in CheckOp::ALL {
            let json = serde_json::to_value(op).expect("serialises");
            assert_eq!(json, serde_json::Value::String(op.code().to_owned()));
            assert_eq!(CheckOp::from_code(op.code()), Some(op));
        }
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(1000.0), "1,000");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(2.999), "3");
        assert_eq!(format_value(500.0, CheckUnit::Ms), "500 ms");
        assert_eq!(format_sim_time(12_449_999), "12.4 s");
        assert_eq!(format_sim_time(1_535_000_000), "25 min 35 s");
        assert_eq!(format_sim_time(3_900_000_000), "1 h 5 min 0 s");
    }
}
