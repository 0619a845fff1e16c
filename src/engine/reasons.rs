//! Why a message was lost, expired, dead-lettered or applied twice: a one-byte reason code
//! recorded where the engine decides the outcome, the facts needed to phrase it (attempt,
//! edge, partition) next to it, and the phrase built from the model only when someone asks.
//!
//! Each node that decides such outcomes keeps a bounded index of them ([`NodeOutcomes`]): the
//! last [`OUTCOME_INDEX_CAPACITY`] records of each [`OutcomeKind`], in shared chunks like the
//! trace ring (checkpoints share them), and exact counts per reason for the whole run. The
//! index lives apart from the hop ring, so a long run's losses can all be counted and the
//! newest ten thousand of each kind listed, however many hops have happened since.

use super::chunked::{ChunkSet, ChunkedDeque};
use super::clock::{us_to_secs, Micros};
use super::model::{Model, Role, NONE16};
use super::rng::Ppm;
use super::sim::{Simulation, State};
use super::world::{Msg, NO_KEY};
use crate::scenario::limits::{MAX_OUTBOX_ROWS, MAX_PARTITION_LOG_LEN};
use crate::scenario::{Guarantee, NodeId};
use serde::Serialize;

/// Records of each kind a node's index keeps (older ones are dropped; counts stay exact).
pub const OUTCOME_INDEX_CAPACITY: usize = 10_000;

/// The four outcomes that need a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The message (or a service's output) will never be processed.
    Lost,
    /// Retention or the partition size cap removed it before the group read it.
    Expired,
    /// Parked in a dead-letter target after its last attempt.
    DeadLettered,
    /// Its side effect was applied again.
    DuplicateSideEffect,
}

impl OutcomeKind {
    /// Every kind, in index order.
    pub const ALL: [OutcomeKind; 4] =
        [Self::Lost, Self::Expired, Self::DeadLettered, Self::DuplicateSideEffect];

    /// How the kind reads in a sentence ("lost", "expired"…).
    pub fn label(self) -> &'static str {
        match self {
            Self::Lost => "lost",
            Self::Expired => "expired",
            Self::DeadLettered => "dead-lettered",
            Self::DuplicateSideEffect => "duplicate side effects",
        }
    }
}

/// Why an outcome happened: one byte, recorded on the hot path; [`Simulation::reason_text`] and
/// the records of [`Simulation::outcomes`] phrase it with the scenario's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Reason {
    /// Lost: at-most-once commits at fetch; the instance crashed before the side effect.
    AtMostOnceCrash,
    /// Lost: at-most-once commits at fetch; the instance went down before the side effect.
    AtMostOnceDown,
    /// Lost: at-most-once commits at fetch; a rebalance revoked the delivery.
    AtMostOnceRevoked,
    /// Lost: every attempt failed on a poison message and there is no dead-letter target.
    NoDeadLetterPoison,
    /// Lost: every attempt failed on an unknown schema, no dead-letter target.
    NoDeadLetterSchema,
    /// Lost: every attempt failed on an overloaded database, no dead-letter target.
    NoDeadLetterOverload,
    /// Lost: every attempt failed transiently, no dead-letter target.
    NoDeadLetterTransient,
    /// Lost: dead-lettered after the last attempt, then dropped on the dead-letter edge.
    DeadLetterDropped,
    /// Lost: dead-lettered after the last attempt, refused by the dead-letter queue's broker.
    DeadLetterRefused,
    /// Lost: dropped on a publish edge (network drop).
    NetworkDrop,
    /// Lost: the topic's broker was down and refused the publish.
    BrokerDown,
    /// Lost: dual write; the producer crashed between its database write and the publish.
    DualWrite,
    /// Lost: a database over capacity refused the producer's write; nothing was published.
    DatabaseRefused,
    /// Lost: the outbox table was full; the transaction carrying the row failed.
    OutboxFull,
    /// Lost (a service's output): an at-most-once service crashed between its write and the
    /// publish; its input is never delivered again.
    OutputCrashBetween,
    /// Expired: retention removed it before the group read it.
    Retention,
    /// Expired: the partition's size cap removed it before the group read it.
    SizeCap,
    /// Expired: retention removed it before the redelivery of a crashed or revoked delivery.
    RetentionBeforeRedelivery,
    /// Expired: the size cap removed it before the redelivery of a crashed or revoked delivery.
    SizeCapBeforeRedelivery,
    /// Expired: removed from the log while a delivery held it; that delivery then ended
    /// without an outcome.
    RemovedWhileHeld,
    /// Dead-lettered: every attempt failed on a poison message.
    DeadLetteredPoison,
    /// Dead-lettered: every attempt failed on an unknown schema.
    DeadLetteredSchema,
    /// Dead-lettered: every attempt failed on an overloaded database.
    DeadLetteredOverload,
    /// Dead-lettered: every attempt failed transiently.
    DeadLetteredTransient,
    /// Duplicate: redelivered after a crash after the side effect, no dedup store.
    DuplicateRedelivered,
    /// Duplicate: the network duplicated the event's publish, no dedup store.
    DuplicateNetworkCopy,
    /// Duplicate: republished by an outbox relay that crashed before marking it sent.
    DuplicateRelayCopy,
    /// Duplicate: the same event on another offset (emitted or published again upstream: a
    /// service that processed its input twice, a relay that republished a row read first, a
    /// message dead-lettered twice), no dedup store.
    DuplicateAnotherOffset,
    /// Duplicate: the dedup store had forgotten the event id (its window or key cap).
    DuplicateDedupForgot,
    /// Lost (brokers): acknowledged to its producer, then truncated when a replica without it
    /// became the partition's leader.
    AcknowledgedLost,
    /// Lost (brokers): the send was still unacknowledged at `delivery.timeout.ms`.
    DeliveryTimedOut,
    /// Lost (brokers): every retry the producer allowed failed.
    RetriesExhausted,
    /// Lost (brokers): an acks=0 send found no reachable leader (no one is told).
    NoLeader,
    /// Duplicate: the producer retried a record the broker had written (its acknowledgement
    /// was lost) without idempotence, so it was written at a second offset; no dedup store.
    DuplicateProducerRetry,
}

/// Number of [`Reason`]s.
pub const REASON_COUNT: usize = Reason::ALL.len();

impl Reason {
    /// Every reason, in code order (`ALL[r as usize] == r`).
    pub const ALL: [Reason; 34] = [
        Self::AtMostOnceCrash,
        Self::AtMostOnceDown,
        Self::AtMostOnceRevoked,
        Self::NoDeadLetterPoison,
        Self::NoDeadLetterSchema,
        Self::NoDeadLetterOverload,
        Self::NoDeadLetterTransient,
        Self::DeadLetterDropped,
        Self::DeadLetterRefused,
        Self::NetworkDrop,
        Self::BrokerDown,
        Self::DualWrite,
        Self::DatabaseRefused,
        Self::OutboxFull,
        Self::OutputCrashBetween,
        Self::Retention,
        Self::SizeCap,
        Self::RetentionBeforeRedelivery,
        Self::SizeCapBeforeRedelivery,
        Self::RemovedWhileHeld,
        Self::DeadLetteredPoison,
        Self::DeadLetteredSchema,
        Self::DeadLetteredOverload,
        Self::DeadLetteredTransient,
        Self::DuplicateRedelivered,
        Self::DuplicateNetworkCopy,
        Self::DuplicateRelayCopy,
        Self::DuplicateAnotherOffset,
        Self::DuplicateDedupForgot,
        Self::AcknowledgedLost,
        Self::DeliveryTimedOut,
        Self::RetriesExhausted,
        Self::NoLeader,
        Self::DuplicateProducerRetry,
    ];

    /// The outcome this reason explains.
    pub fn kind(self) -> OutcomeKind {
        use Reason::*;
        match self {
            AtMostOnceCrash
            | AtMostOnceDown
            | AtMostOnceRevoked
            | NoDeadLetterPoison
            | NoDeadLetterSchema
            | NoDeadLetterOverload
            | NoDeadLetterTransient
            | DeadLetterDropped
            | DeadLetterRefused
            | NetworkDrop
            | BrokerDown
            | DualWrite
            | DatabaseRefused
            | OutboxFull
            | OutputCrashBetween
            | AcknowledgedLost
            | DeliveryTimedOut
            | RetriesExhausted
            | NoLeader => OutcomeKind::Lost,
            Retention
            | SizeCap
            | RetentionBeforeRedelivery
            | SizeCapBeforeRedelivery
            | RemovedWhileHeld => OutcomeKind::Expired,
            DeadLetteredPoison
            | DeadLetteredSchema
            | DeadLetteredOverload
            | DeadLetteredTransient => OutcomeKind::DeadLettered,
            DuplicateRedelivered
            | DuplicateNetworkCopy
            | DuplicateRelayCopy
            | DuplicateAnotherOffset
            | DuplicateDedupForgot
            | DuplicateProducerRetry => OutcomeKind::DuplicateSideEffect,
        }
    }

    /// Whether the lost message is a group's own input (counted in its `lost`), as opposed to
    /// an event the node emitted (a producer's event, a service's output, a relayed row).
    pub fn loses_input(self) -> bool {
        use Reason::*;
        matches!(
            self,
            AtMostOnceCrash
                | AtMostOnceDown
                | AtMostOnceRevoked
                | NoDeadLetterPoison
                | NoDeadLetterSchema
                | NoDeadLetterOverload
                | NoDeadLetterTransient
                | DeadLetterDropped
                | DeadLetterRefused
        )
    }
}

/// What went wrong in a failed attempt (picks the dead-letter reasons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    Schema,
    Poison,
    Overload,
    Transient,
}

impl Failure {
    /// The reason for a message whose last attempt failed so: dead-lettered, or lost for want
    /// of a dead-letter target.
    pub(crate) fn reason(self, dead_lettered: bool) -> Reason {
        match (self, dead_lettered) {
            (Failure::Poison, true) => Reason::DeadLetteredPoison,
            (Failure::Schema, true) => Reason::DeadLetteredSchema,
            (Failure::Overload, true) => Reason::DeadLetteredOverload,
            (Failure::Transient, true) => Reason::DeadLetteredTransient,
            (Failure::Poison, false) => Reason::NoDeadLetterPoison,
            (Failure::Schema, false) => Reason::NoDeadLetterSchema,
            (Failure::Overload, false) => Reason::NoDeadLetterOverload,
            (Failure::Transient, false) => Reason::NoDeadLetterTransient,
        }
    }
}

/// The facts a reason is phrased with, as recorded: the node that decided the outcome, the
/// edge involved (or `NONE16`) and a number whose meaning depends on the reason (the attempt,
/// the global partition index for expiries, the database index for a refused write).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    pub node: u16,
    pub edge: u16,
    pub detail: u32,
}

/// One indexed outcome: 32 bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OutcomeEntry {
    pub t_us: Micros,
    pub event_id: u64,
    pub key: u32,
    pub edge: u16,
    pub event_type: u8,
    pub reason: Reason,
    pub detail: u32,
}

/// A node's bounded index of outcomes and its exact counts per reason.
#[derive(Clone, Debug)]
pub(crate) struct NodeOutcomes {
    /// Newest at the back, at most [`OUTCOME_INDEX_CAPACITY`] per kind.
    rings: [ChunkedDeque<OutcomeEntry>; 4],
    /// Exact counts per reason code over the whole run.
    pub counts: [u64; REASON_COUNT],
    /// (edge, detail) of the latest record per reason, to phrase a count's line.
    last: [(u16, u32); REASON_COUNT],
}

impl Default for NodeOutcomes {
    fn default() -> Self {
        Self {
            rings: Default::default(),
            counts: [0; REASON_COUNT],
            last: [(NONE16, 0); REASON_COUNT],
        }
    }
}

impl NodeOutcomes {
    fn push(&mut self, e: OutcomeEntry) {
        let r = e.reason as usize;
        self.counts[r] += 1;
        self.last[r] = (e.edge, e.detail);
        let ring = &mut self.rings[e.reason.kind() as usize];
        ring.push_back(e);
        if ring.len() > OUTCOME_INDEX_CAPACITY {
            ring.pop_front();
        }
    }

    pub(crate) fn unseen_bytes(&self, seen: &mut ChunkSet) -> usize {
        std::mem::size_of::<Self>() + self.rings.iter().map(|r| r.unseen_bytes(seen)).sum::<usize>()
    }
}

impl State {
    /// Adds an outcome to the index of `node` (the node whose counter it explains).
    #[inline]
    pub(crate) fn note(&mut self, node: u16, reason: Reason, msg: &Msg, edge: u16, detail: u32) {
        let entry = OutcomeEntry {
            t_us: self.now,
            event_id: msg.event_id,
            key: msg.key,
            edge,
            event_type: msg.event_type,
            reason,
            detail,
        };
        if let Some(o) = self.outcomes.get_mut(usize::from(node)) {
            o.push(entry);
        }
    }
}

/// A duration as people write it: "2 s", "0.5 s", "30 min", "24 h".
fn secs(us: Micros) -> String {
    let s = us_to_secs(us);
    if s >= 3600.0 && s % 3600.0 == 0.0 {
        format!("{:.0} h", s / 3600.0)
    } else if s >= 120.0 && s % 60.0 == 0.0 {
        format!("{:.0} min", s / 60.0)
    } else if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        let t = format!("{s:.3}");
        format!("{} s", t.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// A probability in parts per million as a percentage: "5 %", "0.5 %".
fn percent(p: Ppm) -> String {
    let t = format!("{:.4}", f64::from(p) / 10_000.0);
    format!("{} %", t.trim_end_matches('0').trim_end_matches('.'))
}

/// "3 attempts failed" / "1 attempt failed".
fn attempts(n: u32) -> String {
    if n == 1 {
        "1 attempt failed".to_owned()
    } else {
        format!("{n} attempts failed")
    }
}

/// "1 send" / "12 sends".
fn sends(n: u32) -> String {
    if n == 1 {
        "1 send".to_owned()
    } else {
        format!("{n} sends")
    }
}

/// Names a node (its index in the model).
fn name(m: &Model, node: u16) -> &str {
    m.names.get(usize::from(node)).map_or("?", String::as_str)
}

/// The retention of the topic a partition belongs to, and the topic's name.
fn retention(m: &Model, partition: u32) -> (String, &str) {
    let topic =
        m.partition_topic.get(partition as usize).and_then(|&t| m.topics.get(usize::from(t)));
    match topic {
        Some(t) => (secs(t.retention_us), name(m, t.node)),
        None => ("?".to_owned(), "?"),
    }
}

/// "(at-least-once)" and the like: why no dedup store caught a duplicate.
fn no_dedup(m: &Model, group: u16) -> &'static str {
    let guarantee = match m.roles.get(usize::from(group)) {
        Some(Role::Group(g)) => m.groups.get(usize::from(*g)).map(|gr| gr.guarantee),
        _ => None,
    };
    match guarantee {
        Some(Guarantee::AtMostOnce) => "no dedup store (at-most-once)",
        _ => "no dedup store (at-least-once)",
    }
}

/// The sentence for a reason, from the model's current settings (a scenario change while
/// running phrases older records with the new settings).
pub(crate) fn phrase(m: &Model, reason: Reason, f: Facts) -> String {
    match reason.kind() {
        OutcomeKind::Lost => lost_phrase(m, reason, f),
        OutcomeKind::Expired => expired_phrase(m, reason, f),
        OutcomeKind::DeadLettered => {
            let target = m.edges.get(usize::from(f.edge)).map_or("?", |e| name(m, e.to));
            format!("{} ({}); parked in {target}", attempts(f.detail), failure(reason))
        }
        OutcomeKind::DuplicateSideEffect => duplicate_phrase(m, reason, f),
    }
}

fn lost_phrase(m: &Model, reason: Reason, f: Facts) -> String {
    use Reason::*;
    let node = name(m, f.node);
    let edge = m.edges.get(usize::from(f.edge));
    let target = edge.map_or("?", |e| name(m, e.to));
    let drop = percent(edge.map_or(0, |e| e.drop));
    let tried = attempts(f.detail);
    match reason {
        AtMostOnceCrash => {
            "at-most-once: committed at fetch, instance crashed before the side effect".into()
        }
        AtMostOnceDown => {
            "at-most-once: committed at fetch, instance went down before the side effect".into()
        }
        AtMostOnceRevoked => {
            "revoked by a rebalance (at-most-once): committed at fetch, never processed".into()
        }
        DeadLetterDropped => format!(
            "{tried}; dropped on the edge to the dead-letter queue {target} (network drop {drop})"
        ),
        DeadLetterRefused => {
            format!("{tried}; broker down: the dead-letter queue {target} refused it")
        }
        NetworkDrop => format!("dropped on the edge to {target} (network drop {drop})"),
        BrokerDown => format!("broker down: {target} refused the publish"),
        DualWrite => "dual write: crashed between the database write and the publish".into(),
        DatabaseRefused => database_refused(m, f.detail),
        OutboxFull => format!(
            "outbox table full ({MAX_OUTBOX_ROWS} unsent rows in {node}): the transaction failed"
        ),
        OutputCrashBetween => format!(
            "at-most-once: {node} crashed between its write and the publish, and its input is \
             never delivered again"
        ),
        AcknowledgedLost => acknowledged_lost(f.detail),
        DeliveryTimedOut => format!(
            "not acknowledged within delivery.timeout.ms ({} to {target}); the producer gave up",
            sends(f.detail)
        ),
        RetriesExhausted => {
            format!("{} to {target} failed; no retries left", sends(f.detail))
        }
        NoLeader => format!("sent with acks=0 while {target} had no reachable leader"),
        // The four no-target reasons (the other kinds never reach here).
        _ => format!("{tried} ({}), no dead-letter target", failure(reason)),
    }
}

fn expired_phrase(m: &Model, reason: Reason, f: Facts) -> String {
    use Reason::*;
    let group = name(m, f.node);
    let (keep, topic) = retention(m, f.detail);
    let again = "again (its delivery had crashed or been revoked)";
    match reason {
        Retention => format!("retention ({keep}) removed it from {topic} before {group} read it"),
        RetentionBeforeRedelivery => {
            format!("retention ({keep}) removed it from {topic} before {group} read it {again}")
        }
        SizeCap | SizeCapBeforeRedelivery => format!(
            "the size cap of {topic} ({MAX_PARTITION_LOG_LEN} entries per partition) removed it \
             before {group} read it{}",
            if reason == SizeCap { String::new() } else { format!(" {again}") }
        ),
        _ => format!(
            "removed from {topic} (retention {keep}) while {group} held it; that delivery then \
             crashed or was revoked, so no redelivery could come"
        ),
    }
}

fn duplicate_phrase(m: &Model, reason: Reason, f: Facts) -> String {
    use Reason::*;
    let no_dedup = no_dedup(m, f.node);
    match reason {
        DuplicateRedelivered => {
            format!("redelivered after a crash after the side effect; {no_dedup}")
        }
        DuplicateNetworkCopy => {
            format!("the network delivered its publish twice (edge duplicate); {no_dedup}")
        }
        DuplicateRelayCopy => format!(
            "republished by an outbox relay that crashed before marking it sent; {no_dedup}"
        ),
        DuplicateProducerRetry => format!(
            "the producer retried after a lost acknowledgement and the broker wrote it at a \
             second offset (enable.idempotence off); {no_dedup}"
        ),
        DuplicateAnotherOffset => format!(
            "the same event arrived again on another offset (emitted or published again \
             upstream); {no_dedup}"
        ),
        _ => {
            let window = match m.roles.get(usize::from(f.node)) {
                Some(Role::Group(g)) => m.groups.get(usize::from(*g)).map(|gr| gr.dedup_window_us),
                _ => None,
            };
            format!("the dedup store had forgotten it (window {})", window.map_or("?".into(), secs))
        }
    }
}

/// "acknowledged by broker-2 with acks=1; lost when broker-3 became leader without it".
fn acknowledged_lost(detail: u32) -> String {
    let broker = |b: u32| format!("broker-{}", b + 1);
    let by = detail & 0xff;
    let acks = match detail >> 8 & 0xff {
        0 => "0",
        1 => "1",
        _ => "all",
    };
    let leader = broker(detail >> 16 & 0xff);
    let acked = if by == 0xff {
        format!("acknowledged with acks={acks}")
    } else {
        format!("acknowledged by {} with acks={acks}", broker(by))
    };
    let how = if detail >> 24 & 1 == 1 { " (unclean election)" } else { "" };
    format!("{acked}; lost when {leader} became leader without it{how}")
}

/// The failure named by a dead-letter or no-target reason.
fn failure(reason: Reason) -> &'static str {
    use Reason::*;
    match reason {
        NoDeadLetterPoison | DeadLetteredPoison => "poison",
        NoDeadLetterSchema | DeadLetteredSchema => "unknown schema",
        NoDeadLetterOverload | DeadLetteredOverload => "database over capacity",
        _ => "transient failure",
    }
}

fn database_refused(m: &Model, database: u32) -> String {
    match m.databases.get(database as usize) {
        Some(d) => format!(
            "{} over capacity ({} writes/s): the write was refused, the request failed and \
             nothing was published",
            name(m, d.node),
            d.capacity_per_s
        ),
        None => "a database refused the write: the request failed".into(),
    }
}

/// One indexed outcome, phrased.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeRecord {
    /// The node whose index holds it (the group, producer, service or outbox that decided it).
    pub node: NodeId,
    /// Simulated time the outcome was decided.
    pub t_us: Micros,
    /// The event.
    pub event_id: u64,
    /// Its type, as an index into [`Simulation::event_types`].
    pub event_type: u8,
    /// Its key, if it has one.
    pub key: Option<u32>,
    /// Which outcome.
    pub kind: OutcomeKind,
    /// Why, as a code.
    pub reason: Reason,
    /// Why, in words.
    pub text: String,
}

/// How many outcomes of a node one reason explains, over the whole run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReasonCount {
    /// Which outcome.
    pub kind: OutcomeKind,
    /// The reason code.
    pub reason: Reason,
    /// Exact count since the start.
    pub count: u64,
    /// The reason in words, phrased with the facts of its latest occurrence.
    pub text: String,
}

impl Simulation {
    /// The model index of a node id.
    fn node_number(&self, node: NodeId) -> Option<u16> {
        self.model.node_ids.iter().position(|&n| n == node).and_then(|i| u16::try_from(i).ok())
    }

    /// The newest outcomes of `kind` a node decided (at most [`OUTCOME_INDEX_CAPACITY`]),
    /// newest first, each with its reason in words; empty for an unknown node. The exact
    /// number over the whole run is in [`Self::outcome_counts`].
    pub fn outcomes(&self, node: NodeId, kind: OutcomeKind) -> Vec<OutcomeRecord> {
        self.newest_outcomes(node, kind, usize::MAX)
    }

    /// The newest `limit` of [`Self::outcomes`]: what a list on screen needs, phrased only for
    /// the records it shows.
    pub fn newest_outcomes(
        &self,
        node: NodeId,
        kind: OutcomeKind,
        limit: usize,
    ) -> Vec<OutcomeRecord> {
        let Some(n) = self.node_number(node) else { return Vec::new() };
        let Some(o) = self.st.outcomes.get(usize::from(n)) else { return Vec::new() };
        o.rings[kind as usize]
            .iter()
            .rev()
            .take(limit)
            .map(|e| OutcomeRecord {
                node,
                t_us: e.t_us,
                event_id: e.event_id,
                event_type: e.event_type,
                key: (e.key != NO_KEY).then_some(e.key),
                kind,
                reason: e.reason,
                text: phrase(
                    &self.model,
                    e.reason,
                    Facts { node: n, edge: e.edge, detail: e.detail },
                ),
            })
            .collect()
    }

    /// A node's outcomes counted by reason over the whole run (reasons that happened only),
    /// by kind, then most frequent first.
    pub fn outcome_counts(&self, node: NodeId) -> Vec<ReasonCount> {
        self.node_number(node).map_or_else(Vec::new, |n| self.reason_counts(n))
    }

    /// Exact number of outcomes of `kind` a node decided over the whole run (no phrasing).
    pub fn outcome_total(&self, node: NodeId, kind: OutcomeKind) -> u64 {
        let Some(o) = self.node_number(node).and_then(|n| self.st.outcomes.get(usize::from(n)))
        else {
            return 0;
        };
        Reason::ALL.iter().filter(|r| r.kind() == kind).map(|&r| o.counts[r as usize]).sum()
    }

    pub(crate) fn reason_counts(&self, n: u16) -> Vec<ReasonCount> {
        let Some(o) = self.st.outcomes.get(usize::from(n)) else { return Vec::new() };
        let mut out: Vec<ReasonCount> = Reason::ALL
            .iter()
            .filter(|&&r| o.counts[r as usize] > 0)
            .map(|&r| {
                let (edge, detail) = o.last[r as usize];
                ReasonCount {
                    kind: r.kind(),
                    reason: r,
                    count: o.counts[r as usize],
                    text: phrase(&self.model, r, Facts { node: n, edge, detail }),
                }
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| a.kind.cmp(&b.kind).then(b.count.cmp(&a.count)));
        out
    }

    /// Every node with at least one indexed outcome, with its counts by reason (see
    /// [`Self::outcome_counts`]), in model order.
    pub fn all_outcome_counts(&self) -> Vec<(NodeId, Vec<ReasonCount>)> {
        (0..self.model.node_ids.len())
            .filter_map(|i| {
                let n = u16::try_from(i).ok()?;
                let counts = self.reason_counts(n);
                (!counts.is_empty()).then(|| (self.model.node_ids[i], counts))
            })
            .collect()
    }

    /// The reason of a hop in words, if it has one (lost, expired, dead-lettered, duplicate
    /// hops, and crashes or revocations that lost an at-most-once message).
    pub fn reason_text(&self, hop: &super::Hop) -> Option<String> {
        let reason = hop.reason?;
        let facts = Facts {
            node: self.node_number(hop.node).unwrap_or(NONE16),
            edge: hop
                .edge
                .and_then(|e| self.model.edges.iter().position(|x| x.id == e))
                .and_then(|i| u16::try_from(i).ok())
                .unwrap_or(NONE16),
            detail: hop.detail,
        };
        Some(phrase(&self.model, reason, facts))
    }
}
