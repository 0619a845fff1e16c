//! Checks: statements a scenario makes about its own figures ("duplicate side effects at
//! Ledger = 0", "nothing lost", "p99 latency of Payment < 500 ms").
//!
//! Every figure's name, label, unit and the node kinds it applies to are written once, in
//! [`CheckFigure`]'s table below; validation, the engine, the command line, the UI and the docs
//! tests all read it from here. The engine evaluates checks (`engine::checks`); this module only
//! says what a check is and how to say it in words.

use super::config::is_default;
use super::units::format_value;
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
    /// Messages (lag, backlog, retained).
    Messages,
    /// Milliseconds (latency percentiles, lag in time); shown in the unit that reads best.
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

/// Which nodes a figure belongs to: a set of these bits.
type Scope = u8;
/// Groups, services and projections.
const CONSUMERS: Scope = 1;
/// Producers.
const PRODUCERS: Scope = 2;
/// Databases (a consumer figure summed over the groups that write to it).
const DATABASES: Scope = 4;
/// The whole scenario (a check without a node).
const WHOLE: Scope = 8;
/// Topics and dead-letter queues.
const TOPICS: Scope = 16;
/// Outboxes (with their relay).
const OUTBOXES: Scope = 32;
/// Projections only.
const PROJECTIONS: Scope = 64;

/// A figure of a node or of the whole scenario: what a check states something about, what a
/// node's figures section and its key figure on the canvas show, and what an embed's
/// `metrics=` names.
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
    /// Consumers, whole scenario: messages removed by retention before they were read. Topics:
    /// events removed by retention, read or not.
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
    /// Consumers: messages queued or in flight now.
    Lag,
    /// Consumers: age of the oldest uncommitted message now, ms.
    LagTime,
    /// Consumers: median per-hop latency over the run so far, ms.
    LatencyP50,
    /// Consumers: 95th percentile of per-hop latency over the run so far, ms.
    LatencyP95,
    /// Consumers, databases: side effects applied (first or not).
    SideEffects,
    /// Projections: log end − committed offset over its partitions now: what a rebuild still
    /// has to replay, plus what is not read yet.
    Backlog,
    /// Projections: rebuilds started.
    Rebuilds,
    /// Producers, whole scenario: events emitted.
    EventsEmitted,
    /// Producers: median latency of successful requests so far, ms.
    RequestLatencyP50,
    /// Producers: 95th percentile of successful requests' latency so far, ms.
    RequestLatencyP95,
    /// Topics: events appended (copies included).
    Appended,
    /// Topics: events in the log now.
    Retained,
    /// Topics: publishes refused while the broker was down. Outboxes: rows refused while the
    /// table was full.
    Refused,
    /// Databases: writes accepted.
    Writes,
    /// Outboxes: rows written.
    RowsWritten,
    /// Outboxes: rows not published yet.
    Pending,
    /// Outboxes: rows published by the relay (again after a relay crash).
    Published,
    /// Outboxes: relay crashes after publishing, before marking rows sent.
    RelayCrashes,
    /// Consumers: synchronous calls received.
    Calls,
    /// Consumers: synchronous calls that failed because the group was down.
    FailedCalls,
    /// Producers, whole scenario (brokers): acknowledged writes later lost on a failover.
    AcknowledgedLost,
    /// Producers, whole scenario (brokers): sends refused for too small an ISR.
    NotEnoughReplicas,
    /// Producers, whole scenario (brokers): sends given up at `delivery_timeout_ms`.
    TimedOut,
    /// Producers, whole scenario (brokers): records written at a second offset by a retry.
    RetryDuplicates,
    /// Topics, whole scenario (brokers): partitions whose ISR lacks a replica, now.
    UnderReplicatedPartitions,
    /// Topics, whole scenario (brokers): partitions without a leader, now.
    OfflinePartitions,
    /// Topics, whole scenario (brokers): leaders elected.
    LeaderElections,
}

/// A row of the table: (JSON name, label, unit, where it applies, the phrase for "= 0" over
/// the whole scenario or "" to say it with the label, a short name an embed may use or "").
type Row = (&'static str, &'static str, CheckUnit, Scope, &'static str, &'static str);

impl CheckFigure {
    /// Every figure, in the order an editor lists them.
    pub const ALL: [CheckFigure; 43] = [
        CheckFigure::Processed,
        CheckFigure::DuplicateSideEffects,
        CheckFigure::Lost,
        CheckFigure::Expired,
        CheckFigure::DeadLettered,
        CheckFigure::Redelivered,
        CheckFigure::Replayed,
        CheckFigure::OrderingViolations,
        CheckFigure::Lag,
        CheckFigure::MaxLag,
        CheckFigure::LagTime,
        CheckFigure::Backlog,
        CheckFigure::Rebuilds,
        CheckFigure::SideEffects,
        CheckFigure::LatencyP50,
        CheckFigure::LatencyP95,
        CheckFigure::LatencyP99,
        CheckFigure::EndToEndLatencyP99,
        CheckFigure::Calls,
        CheckFigure::FailedCalls,
        CheckFigure::EventsEmitted,
        CheckFigure::FailedRequests,
        CheckFigure::RequestLatencyP50,
        CheckFigure::RequestLatencyP95,
        CheckFigure::RequestLatencyP99,
        CheckFigure::PublishLost,
        CheckFigure::LostDualWrite,
        CheckFigure::Appended,
        CheckFigure::Retained,
        CheckFigure::Refused,
        CheckFigure::Writes,
        CheckFigure::RejectedWrites,
        CheckFigure::RowsWritten,
        CheckFigure::Pending,
        CheckFigure::Published,
        CheckFigure::RelayCrashes,
        CheckFigure::AcknowledgedLost,
        CheckFigure::NotEnoughReplicas,
        CheckFigure::TimedOut,
        CheckFigure::RetryDuplicates,
        CheckFigure::UnderReplicatedPartitions,
        CheckFigure::OfflinePartitions,
        CheckFigure::LeaderElections,
    ];

    /// The one table every reader of figures uses: validation, the engine, the command line,
    /// the UI, embeds and the docs test. A match, so that a new figure cannot lack a row.
    fn row(self) -> Row {
        use CheckFigure as F;
        use CheckUnit::{Count, Messages, Ms};
        match self {
            F::Processed => ("processed", "processed", Count, CONSUMERS, "", ""),
            F::DuplicateSideEffects => (
                "duplicate_side_effects",
                "duplicate side effects",
                Count,
                CONSUMERS | DATABASES | WHOLE,
                "no duplicate side effects",
                "duplicates",
            ),
            F::Lost => ("lost", "lost", Count, CONSUMERS | PRODUCERS | WHOLE, "nothing lost", ""),
            F::Expired => {
                ("expired", "expired", Count, CONSUMERS | TOPICS | WHOLE, "nothing expired", "")
            }
            F::DeadLettered => (
                "dead_lettered",
                "dead-lettered",
                Count,
                CONSUMERS | WHOLE,
                "nothing dead-lettered",
                "",
            ),
            F::Redelivered => ("redelivered", "redelivered", Count, CONSUMERS, "", ""),
            F::Replayed => ("replayed", "replayed", Count, CONSUMERS, "", ""),
            F::OrderingViolations => (
                "ordering_violations",
                "ordering violations",
                Count,
                CONSUMERS | WHOLE,
                "per-key order kept",
                "",
            ),
            F::MaxLag => ("max_lag", "largest lag", Messages, CONSUMERS, "", ""),
            F::LatencyP99 => ("latency_p99", "p99 latency", Ms, CONSUMERS, "", "p99"),
            F::EndToEndLatencyP99 => {
                ("end_to_end_latency_p99", "p99 end-to-end latency", Ms, CONSUMERS, "", "")
            }
            F::FailedRequests => (
                "failed_requests",
                "failed requests",
                Count,
                PRODUCERS | WHOLE,
                "no failed requests",
                "",
            ),
            F::RequestLatencyP99 => {
                ("request_latency_p99", "p99 request latency", Ms, PRODUCERS, "", "p99")
            }
            F::PublishLost => ("publish_lost", "publishes lost", Count, PRODUCERS, "", ""),
            F::LostDualWrite => ("lost_dual_write", "lost by dual write", Count, PRODUCERS, "", ""),
            F::RejectedWrites => ("rejected_writes", "rejected writes", Count, DATABASES, "", ""),
            F::Lag => ("lag", "lag", Messages, CONSUMERS, "", ""),
            F::LagTime => ("lag_time", "lag in time", Ms, CONSUMERS, "", ""),
            F::LatencyP50 => ("latency_p50", "p50 latency", Ms, CONSUMERS, "", "p50"),
            F::LatencyP95 => ("latency_p95", "p95 latency", Ms, CONSUMERS, "", "p95"),
            F::SideEffects => {
                ("side_effects", "side effects", Count, CONSUMERS | DATABASES, "", "")
            }
            F::Backlog => ("backlog", "backlog", Messages, PROJECTIONS, "", ""),
            F::Rebuilds => ("rebuilds", "rebuilds", Count, PROJECTIONS, "", ""),
            F::EventsEmitted => {
                ("events_emitted", "events emitted", Count, PRODUCERS | WHOLE, "", "events")
            }
            F::RequestLatencyP50 => {
                ("request_latency_p50", "p50 request latency", Ms, PRODUCERS, "", "p50")
            }
            F::RequestLatencyP95 => {
                ("request_latency_p95", "p95 request latency", Ms, PRODUCERS, "", "p95")
            }
            F::Appended => ("appended", "appended", Count, TOPICS, "", ""),
            F::Retained => ("retained", "retained", Messages, TOPICS, "", ""),
            F::Refused => ("refused", "refused", Count, TOPICS | OUTBOXES, "", ""),
            F::Writes => ("writes", "writes", Count, DATABASES, "", ""),
            F::RowsWritten => ("rows_written", "rows written", Count, OUTBOXES, "", ""),
            F::Pending => ("pending", "pending", Count, OUTBOXES, "", ""),
            F::Published => ("published", "published", Count, OUTBOXES, "", ""),
            F::RelayCrashes => ("relay_crashes", "relay crashes", Count, OUTBOXES, "", ""),
            F::Calls => ("calls", "calls received", Count, CONSUMERS, "", ""),
            F::FailedCalls => ("failed_calls", "failed calls", Count, CONSUMERS, "", ""),
            F::AcknowledgedLost => (
                "acknowledged_lost",
                "acknowledged writes lost",
                Count,
                PRODUCERS | WHOLE,
                "no acknowledged write lost",
                "",
            ),
            F::NotEnoughReplicas => (
                "not_enough_replicas",
                "sends refused (not enough replicas)",
                Count,
                PRODUCERS | WHOLE,
                "",
                "",
            ),
            F::TimedOut => ("timed_out", "sends timed out", Count, PRODUCERS | WHOLE, "", ""),
            F::RetryDuplicates => (
                "retry_duplicates",
                "retry duplicates",
                Count,
                PRODUCERS | WHOLE,
                "no retry duplicates",
                "",
            ),
            F::UnderReplicatedPartitions => (
                "under_replicated_partitions",
                "under-replicated partitions",
                Count,
                TOPICS | WHOLE,
                "",
                "",
            ),
            F::OfflinePartitions => {
                ("offline_partitions", "offline partitions", Count, TOPICS | WHOLE, "", "")
            }
            F::LeaderElections => {
                ("leader_elections", "leader elections", Count, TOPICS | WHOLE, "", "")
            }
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

    /// Whether the figure belongs to a node of kind `kind` (and can be checked there), or to
    /// the whole scenario when `kind` is `None`.
    pub fn applies_to(self, kind: Option<NodeKindTag>) -> bool {
        let needed = match kind {
            None => WHOLE,
            Some(NodeKindTag::Projection) => CONSUMERS | PROJECTIONS,
            Some(tag) if tag.is_consumer() => CONSUMERS,
            Some(tag) if tag.is_log() => TOPICS,
            Some(NodeKindTag::Producer) => PRODUCERS,
            Some(NodeKindTag::Database) => DATABASES,
            Some(NodeKindTag::Outbox) => OUTBOXES,
            Some(_) => return false,
        };
        self.row().3 & needed != 0
    }

    /// The figure a name in an embed's `metrics=` means at a node of kind `kind` (or over the
    /// whole scenario): its JSON name, its label with `-` or `_` for spaces, or its short name
    /// (`duplicates`, `p95`: a producer's p95 is its request latency, a group's its per-hop
    /// latency), in any case. `None` for a name that means nothing there.
    pub fn by_name(name: &str, kind: Option<NodeKindTag>) -> Option<CheckFigure> {
        let name = name.trim();
        CheckFigure::ALL.into_iter().filter(|f| f.applies_to(kind)).find(|f| {
            let (code, label, .., short) = f.row();
            [code, label, short].into_iter().any(|s| same_name(s, name))
        })
    }

    /// The figures a node of kind `kind` shows when it is selected, in reading order: its
    /// volume first, then its problems, then its latencies.
    pub fn shown_at(kind: NodeKindTag) -> &'static [CheckFigure] {
        use CheckFigure as F;
        match kind {
            NodeKindTag::Producer => &[
                F::EventsEmitted,
                F::RequestLatencyP50,
                F::RequestLatencyP95,
                F::RequestLatencyP99,
                F::FailedRequests,
                F::PublishLost,
                F::LostDualWrite,
            ],
            NodeKindTag::Topic | NodeKindTag::DeadLetterQueue => {
                &[F::Appended, F::Retained, F::Expired, F::Refused]
            }
            NodeKindTag::ConsumerGroup | NodeKindTag::Service => &[
                F::Lag,
                F::LagTime,
                F::Processed,
                F::DuplicateSideEffects,
                F::Lost,
                F::Expired,
                F::DeadLettered,
                F::Redelivered,
                F::OrderingViolations,
                F::LatencyP50,
                F::LatencyP95,
                F::LatencyP99,
                F::EndToEndLatencyP99,
                F::Calls,
                F::FailedCalls,
            ],
            NodeKindTag::Projection => &[
                F::Backlog,
                F::LagTime,
                F::Processed,
                F::Replayed,
                F::Rebuilds,
                F::DuplicateSideEffects,
                F::Lost,
                F::Expired,
                F::DeadLettered,
                F::LatencyP50,
                F::LatencyP95,
                F::LatencyP99,
            ],
            NodeKindTag::Database => {
                &[F::Writes, F::RejectedWrites, F::SideEffects, F::DuplicateSideEffects]
            }
            NodeKindTag::Outbox => {
                &[F::RowsWritten, F::Pending, F::Published, F::RelayCrashes, F::Refused]
            }
        }
    }

    /// Whether the figure only grows during a run (a count, or the largest lag seen): an upper
    /// bound it breaks stays broken, a lower bound it meets stays met. Levels (lag, backlog,
    /// retained, pending) and latency percentiles of the run so far can move either way.
    pub fn only_grows(self) -> bool {
        use CheckFigure as F;
        self.unit() != CheckUnit::Ms
            && !matches!(self, F::Lag | F::Backlog | F::Retained | F::Pending)
    }

    /// "Preposition" between the label and a node's name: counts are *at* a node (`lost at
    /// Shipping`), measurements *of* it (`p99 latency of Payment`).
    fn preposition(self) -> &'static str {
        match self.unit() {
            CheckUnit::Count if self != CheckFigure::FailedRequests => "at",
            _ => "of",
        }
    }

    /// The figure of the node named `name`, in words: `duplicate side effects at Ledger`,
    /// `p95 request latency of Checkout`.
    pub fn of_node(self, name: &str) -> String {
        format!("{} {} {name}", self.label(), self.preposition())
    }
}

/// Whether two names are the same but for case and `-`, `_` or a space between words.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |c: char| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() };
    !a.is_empty() && a.chars().map(norm).eq(b.chars().map(norm))
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
        format!("{} {} {bound}", self.figure.of_node(&name), self.op)
    }
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
            let applies_somewhere = figure.applies_to(None)
                || NodeKindTag::ALL.into_iter().any(|k| figure.applies_to(Some(k)));
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
}
