//! The field table: every editable setting of a scenario, written once — its document key,
//! label, unit, range, help and choices. Validation checks ranges from it, the inspector draws
//! its editors from it, and the docs test walks `docs/scenario-format.md` against it, so a limit
//! or a label has one source.
//!
//! Ranges are in the document's unit (the key says which: `_s`, `_ms`, `_us`, `_per_s`, or a
//! share 0..1 for `_probability`). An editor shows `value × scale` in `unit`: a probability as a
//! percentage, a microsecond delay in milliseconds.

use super::config::{
    Acks, Arrival, Assignment, Backoff, Cluster, Distribution, Fault, FaultKind, GroupConfig,
    Guarantee, KeyDistribution, Mapping, Network, OutboxConfig, ProducerConfig, SchemaUpgrade,
    TopicConfig,
};
use super::limits::*;
use super::{DatabaseConfig, NodeKindTag, Scenario, Step};

/// A number setting of `T`.
pub struct Num<T: 'static> {
    /// Path in the document below the node kind (`retry.max_attempts`).
    pub key: &'static str,
    pub label: &'static str,
    /// Unit the editor shows (after `scale`).
    pub unit: &'static str,
    /// Shown value = stored value × `scale`.
    pub scale: f64,
    pub help: &'static str,
    /// Inclusive range, in the document's unit.
    pub min: f64,
    pub max: f64,
    /// Stored as a whole number.
    pub integer: bool,
    /// For an optional setting, what leaving it empty means ("never", "any").
    pub none: Option<&'static str>,
    /// Whether the setting applies (and is shown) for this configuration and node kind.
    pub when: fn(&T, NodeKindTag) -> bool,
    pub get: fn(&T) -> Option<f64>,
    /// Sets the value (already in range and whole when `integer`); `None` clears an optional.
    pub set: fn(&mut T, Option<f64>),
}

/// A setting of `T` chosen from a list.
pub struct Choice<T: 'static> {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    /// (document value, label), in the order offered.
    pub options: &'static [(&'static str, &'static str)],
    pub when: fn(&T, NodeKindTag) -> bool,
    /// Index into `options`.
    pub get: fn(&T) -> usize,
    pub set: fn(&mut T, usize),
}

/// A text setting of `T` (a name, or a comma-separated list of names).
pub struct Text<T: 'static> {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    /// Whether it may be empty.
    pub required: bool,
    /// A comma-separated list of names (each a name checked on its own).
    pub list: bool,
    pub when: fn(&T, NodeKindTag) -> bool,
    pub get: fn(&T) -> String,
    pub set: fn(&mut T, String),
}

/// One setting of `T`.
pub enum Field<T: 'static> {
    Text(Text<T>),
    Choice(Choice<T>),
    Num(Num<T>),
}

impl<T> Field<T> {
    /// Its document key.
    pub fn key(&self) -> &'static str {
        match self {
            Field::Text(f) => f.key,
            Field::Choice(f) => f.key,
            Field::Num(f) => f.key,
        }
    }
}

/// The settings of one type, in the order an editor shows them.
pub type Fields<T> = [Field<T>];

/// The number settings of a table.
pub fn numbers<T>(table: &'static Fields<T>) -> impl Iterator<Item = &'static Num<T>> {
    table.iter().filter_map(|f| if let Field::Num(n) = f { Some(n) } else { None })
}

/// The number setting with this key.
pub fn number<T>(table: &'static Fields<T>, key: &str) -> Option<&'static Num<T>> {
    numbers(table).find(|f| f.key == key)
}

impl<T: Default> Num<T> {
    /// The value a new node has (the document's default), if it has one.
    pub fn default_value(&self) -> Option<f64> {
        (self.get)(&T::default())
    }
}

impl<T> Num<T> {
    /// Unit of the document's value, for messages (`" ms"`), from the key's suffix.
    pub fn doc_unit(&self) -> &'static str {
        doc_unit(self.key)
    }
}

/// Unit of a document key, from its suffix.
pub fn doc_unit(key: &str) -> &'static str {
    if key.ends_with("_per_s") {
        " /s"
    } else if key.ends_with("_ms") {
        " ms"
    } else if key.ends_with("_us") {
        " µs"
    } else if key.ends_with("_s") {
        " s"
    } else {
        ""
    }
}

/// The number types settings are stored in, to and from the `f64` an editor holds (the
/// table's ranges keep values where the conversion is exact).
trait Number: Copy {
    fn to_f64(self) -> f64;
    fn from_f64(v: f64) -> Self;
}

impl Number for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(v: f64) -> Self {
        v
    }
}

impl Number for u32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn from_f64(v: f64) -> Self {
        v as u32
    }
}

impl Number for u64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(v: f64) -> Self {
        v as u64
    }
}

fn always<T>(_: &T, _: NodeKindTag) -> bool {
    true
}

/// A `Num` whose value is a plain field (`$($f).+`) of `$t`, always shown.
macro_rules! num {
    ($t:ty, $key:literal, $label:literal, $unit:literal, $scale:expr, $min:expr, $max:expr,
     $int:literal, $help:literal, $($f:ident).+) => {
        num!($t, $key, $label, $unit, $scale, $min, $max, $int, $help, $($f).+, always)
    };
    ($t:ty, $key:literal, $label:literal, $unit:literal, $scale:expr, $min:expr, $max:expr,
     $int:literal, $help:literal, $($f:ident).+, $when:expr) => {
        Field::Num(Num {
            key: $key,
            label: $label,
            unit: $unit,
            scale: $scale,
            help: $help,
            min: $min,
            max: $max,
            integer: $int,
            none: None,
            when: $when,
            get: |c: &$t| Some(Number::to_f64(c.$($f).+)),
            set: |c: &mut $t, v: Option<f64>| {
                if let Some(v) = v {
                    c.$($f).+ = Number::from_f64(v);
                }
            },
        })
    };
}

/// A share from 0 to 1, shown as a percentage.
macro_rules! share {
    ($t:ty, $key:literal, $label:literal, $help:literal, $($f:ident).+) => {
        num!($t, $key, $label, "%", 100.0, 0.0, 1.0, false, $help, $($f).+)
    };
    ($t:ty, $key:literal, $label:literal, $help:literal, $($f:ident).+, $when:expr) => {
        num!($t, $key, $label, "%", 100.0, 0.0, 1.0, false, $help, $($f).+, $when)
    };
}

/// Choices of an enum field: `(document value, label, variant)`.
macro_rules! choice {
    ($t:ty, $key:literal, $label:literal, $help:literal, $($f:ident).+, $e:ident,
     [$(($v:literal, $l:literal, $var:ident)),+ $(,)?]) => {
        choice!($t, $key, $label, $help, $($f).+, $e, [$(($v, $l, $var)),+], always)
    };
    ($t:ty, $key:literal, $label:literal, $help:literal, $($f:ident).+, $e:ident,
     [$(($v:literal, $l:literal, $var:ident)),+ $(,)?], $when:expr) => {
        Field::Choice(Choice {
            key: $key,
            label: $label,
            help: $help,
            options: &[$(($v, $l)),+],
            when: $when,
            get: |c: &$t| [$($e::$var),+].iter().position(|x| *x == c.$($f).+).unwrap_or(0),
            set: |c: &mut $t, i: usize| {
                if let Some(x) = [$($e::$var),+].get(i) {
                    c.$($f).+ = *x;
                }
            },
        })
    };
}

const MAX_TIME_MS: f64 = MAX_TIME_S * 1e3;
const MAX_TIME_US: f64 = MAX_TIME_S * 1e6;
/// Largest whole number a document (JSON, a link) carries exactly.
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A producer's settings.
pub static PRODUCER: &[Field<ProducerConfig>] = &[
    Field::Text(Text {
        key: "event_type",
        label: "Event type",
        help: "A fact in the past tense, such as OrderCreated.",
        required: true,
        list: false,
        when: always,
        get: |c| c.event_type.clone(),
        set: |c, v| c.event_type = v,
    }),
    choice!(
        ProducerConfig,
        "arrival",
        "Arrival",
        "How events are spaced in time.",
        arrival,
        Arrival,
        [
            ("poisson", "Poisson (random gaps)", Poisson),
            ("constant", "Constant rate", Constant),
            ("bursts", "Bursts", Bursts),
            ("manual", "By hand", Manual)
        ]
    ),
    num!(
        ProducerConfig,
        "rate_per_s",
        "Rate",
        "events/s",
        1.0,
        0.0,
        MAX_RATE_PER_S,
        false,
        "Mean events per second.",
        rate_per_s,
        |c, _| matches!(c.arrival, Arrival::Constant | Arrival::Poisson)
    ),
    num!(
        ProducerConfig,
        "burst_size",
        "Burst size",
        "events",
        1.0,
        1.0,
        MAX_BURST_SIZE as f64,
        true,
        "Events emitted at once.",
        burst_size,
        |c, _| c.arrival == Arrival::Bursts
    ),
    num!(
        ProducerConfig,
        "burst_interval_s",
        "Burst interval",
        "s",
        1.0,
        0.000_001,
        MAX_TIME_S,
        false,
        "Time between bursts.",
        burst_interval_s,
        |c, _| c.arrival == Arrival::Bursts
    ),
    num!(
        ProducerConfig,
        "key_space",
        "Key space",
        "keys",
        1.0,
        0.0,
        MAX_KEY_SPACE as f64,
        true,
        "Distinct keys (e.g. order ids); 0 sends events without a key, round-robin.",
        key_space
    ),
    choice!(
        ProducerConfig,
        "key_distribution",
        "Key distribution",
        "How keys are picked: uniform, a few hot ones (Zipf), or one hot key.",
        key_distribution,
        KeyDistribution,
        [
            ("uniform", "Uniform", Uniform),
            ("zipf", "Zipf (skewed)", Zipf),
            ("hot_key", "One hot key", HotKey)
        ]
    ),
    num!(
        ProducerConfig,
        "zipf_exponent",
        "Zipf exponent",
        "",
        1.0,
        0.0,
        10.0,
        false,
        "Skew of the key draw: 0 is uniform, higher favours the first keys more.",
        zipf_exponent,
        |c, _| c.key_distribution == KeyDistribution::Zipf
    ),
    share!(
        ProducerConfig,
        "hot_key_share",
        "Hot key share",
        "Share of events that carry the hot key (key 0).",
        hot_key_share,
        |c, _| c.key_distribution == KeyDistribution::HotKey
    ),
    share!(
        ProducerConfig,
        "poison_probability",
        "Poison messages",
        "Share of events that fail every attempt.",
        poison_probability
    ),
    num!(
        ProducerConfig,
        "schema_version",
        "Schema version",
        "",
        1.0,
        1.0,
        MAX_SCHEMA_VERSION as f64,
        true,
        "Payload version emitted.",
        schema_version
    ),
    Field::Num(Num {
        key: "schema_upgrade.at_s",
        label: "Schema upgrade at",
        unit: "s",
        scale: 1.0,
        help: "From this time on, emit the upgraded version; empty = no upgrade.",
        min: 0.0,
        max: MAX_DURATION_S,
        integer: false,
        none: Some("no upgrade"),
        when: always,
        get: |c| c.schema_upgrade.as_ref().map(|u| u.at_s),
        set: |c, v| match v {
            Some(at_s) => {
                let fresh = || SchemaUpgrade { at_s, version: 2, compatible: false };
                c.schema_upgrade.get_or_insert_with(fresh).at_s = at_s;
            }
            None => c.schema_upgrade = None,
        },
    }),
    Field::Num(Num {
        key: "schema_upgrade.version",
        label: "Upgraded version",
        unit: "",
        scale: 1.0,
        help: "Version emitted after the upgrade.",
        min: 1.0,
        max: MAX_SCHEMA_VERSION as f64,
        integer: true,
        none: None,
        when: |c, _| c.schema_upgrade.is_some(),
        get: |c| c.schema_upgrade.as_ref().map(|u| f64::from(u.version)),
        set: |c, v| {
            if let (Some(u), Some(v)) = (c.schema_upgrade.as_mut(), v) {
                u.version = Number::from_f64(v);
            }
        },
    }),
    // A schema upgrade's `compatible` flag, as a choice.
    Field::Choice(Choice {
        key: "schema_upgrade.compatible",
        label: "Upgrade is compatible",
        help: "An additive change older readers understand; otherwise they fail every attempt.",
        options: &[("false", "No: older readers fail"), ("true", "Yes: additive")],
        when: |c, _| c.schema_upgrade.is_some(),
        get: |c| usize::from(c.schema_upgrade.as_ref().is_some_and(|u| u.compatible)),
        set: |c, i| {
            if let Some(u) = c.schema_upgrade.as_mut() {
                u.compatible = i == 1;
            }
        },
    }),
    share!(
        ProducerConfig,
        "crash_between_write_and_publish_probability",
        "Crash between write and publish",
        "Dual write: the database is written, the event never sent. An outbox fixes it.",
        crash_between_write_and_publish_probability
    ),
    num!(
        ProducerConfig,
        "handle_ms",
        "Request handling",
        "ms",
        1.0,
        0.0,
        MAX_TIME_MS,
        false,
        "Time spent on the request before answering (part of request latency).",
        handle_ms
    ),
    num!(
        ProducerConfig,
        "start_s",
        "Start",
        "s",
        1.0,
        0.0,
        MAX_DURATION_S,
        false,
        "When it starts emitting.",
        start_s
    ),
    Field::Num(Num {
        key: "stop_s",
        label: "Stop",
        unit: "s",
        scale: 1.0,
        help: "When it stops emitting; empty = never.",
        min: 0.0,
        max: MAX_DURATION_S,
        integer: false,
        none: Some("never"),
        when: always,
        get: |c| c.stop_s,
        set: |c, v| c.stop_s = v,
    }),
    Field::Num(Num {
        key: "max_events",
        label: "Most events",
        unit: "events",
        scale: 1.0,
        help: "Stop after this many events; empty = no limit.",
        min: 0.0,
        max: MAX_EXACT_INTEGER,
        integer: true,
        none: Some("no limit"),
        when: always,
        get: |c| c.max_events.map(Number::to_f64),
        set: |c, v| c.max_events = v.map(Number::from_f64),
    }),
    choice!(
        ProducerConfig,
        "acks",
        "acks",
        "With brokers: which replicas must have a record before it counts as written (Kafka's acks).",
        acks,
        Acks,
        [("all", "all (every in-sync replica)", All), ("1", "1 (the leader)", One), ("0", "0 (none)", Zero)]
    ),
    num!(
        ProducerConfig,
        "retries",
        "retries",
        "",
        1.0,
        0.0,
        MAX_RETRIES as f64,
        true,
        "With brokers: sends after the first failed, within the delivery timeout.",
        retries
    ),
    num!(
        ProducerConfig,
        "retry_backoff_ms",
        "retry.backoff.ms",
        "ms",
        1.0,
        0.0,
        MAX_TIME_MS,
        false,
        "With brokers: wait before a retry.",
        retry_backoff_ms
    ),
    num!(
        ProducerConfig,
        "delivery_timeout_ms",
        "delivery.timeout.ms",
        "ms",
        1.0,
        1.0,
        MAX_TIME_MS,
        false,
        "With brokers: the longest a send may take, retries included; then it times out.",
        delivery_timeout_ms
    ),
    num!(
        ProducerConfig,
        "request_timeout_ms",
        "request.timeout.ms",
        "ms",
        1.0,
        1.0,
        MAX_TIME_MS,
        false,
        "With brokers: how long one attempt waits for its answer before a retry.",
        request_timeout_ms
    ),
    Field::Choice(Choice {
        key: "enable_idempotence",
        label: "enable.idempotence",
        help: "With brokers: the leader drops a retried record it already has.",
        options: &[("true", "On"), ("false", "Off")],
        when: always,
        get: |c| usize::from(!c.enable_idempotence),
        set: |c, i| c.enable_idempotence = i == 0,
    }),
];

/// A topic's or dead-letter queue's settings.
pub static TOPIC: &[Field<TopicConfig>] = &[
    num!(
        TopicConfig,
        "partitions",
        "Partitions",
        "",
        1.0,
        1.0,
        MAX_PARTITIONS as f64,
        true,
        "The key picks the partition; each is read by one instance of a group.",
        partitions
    ),
    num!(
        TopicConfig,
        "retention_s",
        "Retention",
        "s",
        1.0,
        0.001,
        MAX_RETENTION_S,
        false,
        "Events older than this are removed, read or not.",
        retention_s
    ),
    num!(
        TopicConfig,
        "replication_factor",
        "replication.factor",
        "",
        1.0,
        1.0,
        MAX_BROKERS as f64,
        true,
        "With brokers: copies of each partition, each on its own broker.",
        replication_factor
    ),
    num!(
        TopicConfig,
        "min_insync_replicas",
        "min.insync.replicas",
        "",
        1.0,
        1.0,
        MAX_BROKERS as f64,
        true,
        "With brokers: acks=all sends are refused while fewer replicas are in sync.",
        min_insync_replicas
    ),
    Field::Choice(Choice {
        key: "unclean_leader_election",
        label: "unclean.leader.election.enable",
        help: "With brokers: let an out-of-sync replica lead when no in-sync one is left (loses records).",
        options: &[("false", "Off"), ("true", "On")],
        when: always,
        get: |c| usize::from(c.unclean_leader_election),
        set: |c, i| c.unclean_leader_election = i == 1,
    }),
];

/// The cluster's settings (present only in a scenario with brokers).
pub static CLUSTER: &[Field<Cluster>] = &[
    num!(
        Cluster,
        "brokers",
        "Brokers",
        "",
        1.0,
        1.0,
        MAX_BROKERS as f64,
        true,
        "Brokers in the cluster, broker-1 to broker-N.",
        brokers
    ),
    num!(
        Cluster,
        "replica_lag_time_max_ms",
        "replica.lag.time.max.ms",
        "ms",
        1.0,
        1.0,
        MAX_TIME_MS,
        false,
        "A follower this long behind the leader leaves the ISR.",
        replica_lag_time_max_ms
    ),
    num!(
        Cluster,
        "replica_fetch_delay_ms",
        "Follower fetch delay",
        "ms",
        1.0,
        0.001,
        MAX_TIME_MS,
        false,
        "Time a follower's fetch takes to bring it level with the leader.",
        replica_fetch_delay_ms
    ),
    num!(
        Cluster,
        "leader_election_delay_ms",
        "Election delay",
        "ms",
        1.0,
        0.001,
        MAX_TIME_MS,
        false,
        "Time the controller takes to notice a lost broker and elect new leaders.",
        leader_election_delay_ms
    ),
    num!(
        Cluster,
        "assignment_start",
        "Assignment start",
        "",
        1.0,
        0.0,
        (MAX_BROKERS - 1) as f64,
        true,
        "Broker the replica assignment starts from (Kafka picks it at random).",
        assignment_start
    ),
];

fn is_service(_: &GroupConfig, tag: NodeKindTag) -> bool {
    tag == NodeKindTag::Service
}

/// A consumer group's, service's or projection's settings (mappings have their own table).
pub static GROUP: &[Field<GroupConfig>] = &[
    choice!(
        GroupConfig,
        "guarantee",
        "Delivery guarantee",
        "At-most-once acks first; at-least-once acks after; effectively-once adds a dedup store.",
        guarantee,
        Guarantee,
        [
            ("at_most_once", "At-most-once", AtMostOnce),
            ("at_least_once", "At-least-once", AtLeastOnce),
            ("effectively_once", "Effectively-once", EffectivelyOnce)
        ]
    ),
    num!(
        GroupConfig,
        "dedup_window_s",
        "Dedup window",
        "s",
        1.0,
        0.001,
        MAX_TIME_S,
        false,
        "How long the dedup store remembers an event id; a later duplicate is applied again.",
        dedup_window_s,
        |c, _| c.guarantee == Guarantee::EffectivelyOnce
    ),
    num!(
        GroupConfig,
        "instances",
        "Instances",
        "",
        1.0,
        1.0,
        MAX_INSTANCES as f64,
        true,
        "Consumers in the group; partitions are shared among them.",
        instances
    ),
    num!(
        GroupConfig,
        "concurrency",
        "Concurrency",
        "per instance",
        1.0,
        1.0,
        MAX_CONCURRENCY as f64,
        true,
        "Messages processed at once; above 1, order can break.",
        concurrency
    ),
    choice!(
        GroupConfig,
        "processing.distribution",
        "Processing time",
        "Distribution of the time one message takes.",
        processing.distribution,
        Distribution,
        [
            ("fixed", "Fixed", Fixed),
            ("uniform", "Uniform", Uniform),
            ("exponential", "Exponential", Exponential),
            ("log_normal", "Log-normal", LogNormal)
        ]
    ),
    num!(
        GroupConfig,
        "processing.mean_ms",
        "Mean processing time",
        "ms",
        1.0,
        0.0,
        MAX_TIME_MS,
        false,
        "Average time per message.",
        processing.mean_ms
    ),
    num!(
        GroupConfig,
        "processing.spread_ms",
        "Spread",
        "ms",
        1.0,
        0.0,
        MAX_TIME_MS,
        false,
        "Uniform times lie within mean ± spread (at most the mean).",
        processing.spread_ms,
        |c, _| c.processing.distribution == Distribution::Uniform
    ),
    num!(
        GroupConfig,
        "processing.sigma",
        "Sigma",
        "",
        1.0,
        0.0,
        4.0,
        false,
        "Shape of the log-normal: higher gives a longer tail at the same mean.",
        processing.sigma,
        |c, _| c.processing.distribution == Distribution::LogNormal
    ),
    num!(
        GroupConfig,
        "retry.max_attempts",
        "Max attempts",
        "",
        1.0,
        1.0,
        MAX_ATTEMPTS as f64,
        true,
        "Attempts before the message is dead-lettered.",
        retry.max_attempts
    ),
    choice!(
        GroupConfig,
        "retry.backoff",
        "Backoff",
        "Wait between attempts: fixed, or growing each time.",
        retry.backoff,
        Backoff,
        [("exponential", "Exponential", Exponential), ("fixed", "Fixed", Fixed)]
    ),
    num!(
        GroupConfig,
        "retry.initial_backoff_ms",
        "Initial backoff",
        "ms",
        1.0,
        0.0,
        MAX_TIME_MS,
        false,
        "Wait before the second attempt.",
        retry.initial_backoff_ms
    ),
    num!(
        GroupConfig,
        "retry.multiplier",
        "Backoff multiplier",
        "×",
        1.0,
        1.0,
        100.0,
        false,
        "Each wait is the last one times this.",
        retry.multiplier,
        |c, _| c.retry.backoff == Backoff::Exponential
    ),
    num!(
        GroupConfig,
        "retry.max_backoff_ms",
        "Longest backoff",
        "ms",
        1.0,
        0.0,
        MAX_TIME_MS,
        false,
        "Waits grow up to this.",
        retry.max_backoff_ms,
        |c, _| c.retry.backoff == Backoff::Exponential
    ),
    share!(
        GroupConfig,
        "retry.jitter",
        "Jitter",
        "Random share taken off each wait, to spread retries.",
        retry.jitter
    ),
    share!(
        GroupConfig,
        "failure_probability",
        "Transient failures",
        "Share of attempts that fail and are retried.",
        failure_probability
    ),
    share!(
        GroupConfig,
        "crash_before_side_effect_probability",
        "Crash before side effect",
        "Instance crashes mid-processing, before the effect.",
        crash_before_side_effect_probability
    ),
    share!(
        GroupConfig,
        "crash_after_side_effect_probability",
        "Crash after side effect",
        "Crashes after the effect, before the ack: redelivery duplicates it.",
        crash_after_side_effect_probability
    ),
    share!(
        GroupConfig,
        "crash_between_write_and_publish_probability",
        "Crash between write and publish",
        "Crashes after the side effect, before publishing the outputs: the input comes again.",
        crash_between_write_and_publish_probability,
        is_service
    ),
    num!(
        GroupConfig,
        "restart_s",
        "Restart time",
        "s",
        1.0,
        0.0,
        MAX_TIME_S,
        false,
        "Time a crashed instance takes to come back.",
        restart_s
    ),
    choice!(
        GroupConfig,
        "assignment",
        "Partition assignment",
        "How partitions are shared among instances.",
        assignment,
        Assignment,
        [("range", "Range", Range), ("round_robin", "Round-robin", RoundRobin)]
    ),
    num!(
        GroupConfig,
        "session_timeout_s",
        "Session timeout",
        "s",
        1.0,
        0.0,
        MAX_TIME_S,
        false,
        "Time before a crashed instance's partitions move to the others.",
        session_timeout_s
    ),
    num!(
        GroupConfig,
        "rebalance_pause_s",
        "Rebalance pause",
        "s",
        1.0,
        0.0,
        MAX_TIME_S,
        false,
        "How long a rebalance stops the whole group.",
        rebalance_pause_s
    ),
    Field::Num(Num {
        key: "max_schema_version",
        label: "Newest schema understood",
        unit: "",
        scale: 1.0,
        help: "A newer incompatible event fails every attempt; empty = any.",
        min: 1.0,
        max: MAX_SCHEMA_VERSION as f64,
        integer: true,
        none: Some("any"),
        when: always,
        get: |c| c.max_schema_version.map(f64::from),
        set: |c, v| c.max_schema_version = v.map(Number::from_f64),
    }),
];

/// One mapping of a service: what it emits for an input.
pub static MAPPING: &[Field<Mapping>] = &[
    Field::Text(Text {
        key: "input",
        label: "Input",
        help: "Event type it reacts to; empty matches every event.",
        required: false,
        list: false,
        when: always,
        get: |m| m.input.clone(),
        set: |m, v| m.input = v,
    }),
    Field::Text(Text {
        key: "outputs",
        label: "Emits",
        help: "Event types it emits, comma-separated.",
        required: false,
        list: true,
        when: always,
        get: |m| m.outputs.join(", "),
        set: |m, v| m.outputs = split_list(&v, MAX_OUTPUTS),
    }),
    Field::Text(Text {
        key: "otherwise",
        label: "Otherwise",
        help: "Event type it emits instead, with the probability below; empty = none.",
        required: false,
        list: false,
        when: always,
        get: |m| m.otherwise.clone(),
        set: |m, v| m.otherwise = v,
    }),
    share!(
        Mapping,
        "otherwise_probability",
        "Otherwise probability",
        "Share of inputs that take the otherwise branch.",
        otherwise_probability,
        |m, _| !m.otherwise.is_empty()
    ),
];

/// A database's settings.
pub static DATABASE: &[Field<DatabaseConfig>] = &[num!(
    DatabaseConfig,
    "capacity_per_s",
    "Capacity",
    "writes/s",
    1.0,
    0.0,
    MAX_RATE_PER_S,
    false,
    "Writes per second before it overloads; 0 = unlimited.",
    capacity_per_s
)];

/// An outbox's settings.
pub static OUTBOX: &[Field<OutboxConfig>] = &[
    num!(
        OutboxConfig,
        "relay_interval_ms",
        "Relay interval",
        "ms",
        1.0,
        0.001,
        MAX_TIME_MS,
        false,
        "How often the relay polls the outbox table.",
        relay_interval_ms
    ),
    num!(
        OutboxConfig,
        "relay_batch",
        "Relay batch",
        "rows",
        1.0,
        1.0,
        MAX_BURST_SIZE as f64,
        true,
        "Most rows published per poll.",
        relay_batch
    ),
    share!(
        OutboxConfig,
        "relay_crash_probability",
        "Relay crash",
        "Crash after publishing, before marking sent: the batch goes again.",
        relay_crash_probability
    ),
];

/// An edge's network settings (its event-type filter is [`EDGE_EVENT_TYPES`]).
pub static NETWORK: &[Field<Network>] = &[
    num!(Network, "network.delay_us", "Delay", "ms", 1e-3, 0.0, MAX_TIME_US, true,
            "One-way network delay.", delay_us),
    num!(Network, "network.jitter_us", "Jitter", "ms", 1e-3, 0.0, MAX_TIME_US, true,
            "Extra random delay, up to this much.", jitter_us),
    share!(Network, "network.drop_probability", "Drop",
            "Share of messages lost on the way (publish, dead-letter and call edges).",
            drop_probability),
    share!(Network, "network.duplicate_probability", "Duplicate",
            "Share appended twice, as a producer retry after a lost ack (publish and dead-letter edges).",
            duplicate_probability),
];

/// An edge's event-type filter.
pub static EDGE_EVENT_TYPES: Text<super::Edge> = Text {
    key: "event_types",
    label: "Event types",
    help: "Only these types travel this edge (comma-separated); empty = all.",
    required: false,
    list: true,
    when: always,
    get: |e| e.event_types.join(", "),
    set: |e, v| e.event_types = split_list(&v, MAX_EVENT_TYPES),
};

/// A time in seconds to the engine's resolution, a whole microsecond, so that what the editor
/// shows is what runs (and what a link gives back).
fn whole_us(s: f64) -> f64 {
    (s * 1e6).round() / 1e6
}

/// A scheduled fault's numbers, each shown only for the kinds that use it. Its kind, node and
/// instance are chosen among the scenario's nodes by the fault lane.
pub static FAULT: &[Field<Fault>] = &[
    Field::Num(Num {
        key: "at_s",
        label: "Fault time",
        unit: "s",
        scale: 1.0,
        help: "When it starts, in simulated seconds.",
        min: 0.0,
        max: MAX_DURATION_S,
        integer: false,
        none: None,
        when: always,
        get: |f| Some(f.at_s),
        set: |f, v| f.at_s = whole_us(v.unwrap_or_default()),
    }),
    Field::Num(Num {
        key: "duration_s",
        label: "Fault length",
        unit: "s",
        scale: 1.0,
        help: "How long it lasts; for a crash, the time to restart.",
        min: 0.0,
        max: MAX_DURATION_S,
        integer: false,
        none: None,
        when: |f, _| f.kind.has_duration(),
        get: |f| Some(f.duration_s),
        set: |f, v| f.duration_s = whole_us(v.unwrap_or_default()),
    }),
    num!(
        Fault,
        "factor",
        "Slow-down factor",
        "×",
        1.0,
        1.0,
        MAX_SLOWDOWN_FACTOR,
        false,
        "Processing (a broker: its fetches) takes this many times longer.",
        factor,
        |f, _| matches!(f.kind, FaultKind::SlowDown | FaultKind::BrokerSlow)
    ),
    num!(
        Fault,
        "count",
        "Messages",
        "",
        1.0,
        1.0,
        MAX_FAULT_COUNT as f64,
        true,
        "How many it emits at once.",
        count,
        |f, _| f.kind.has_count()
    ),
    num!(
        Fault,
        "broker",
        "Broker",
        "",
        1.0,
        0.0,
        MAX_BROKERS as f64,
        true,
        "The broker it hits (broker-1 is 1).",
        broker,
        |f, _| f.kind.hits_broker()
    ),
];

/// A story step's time (its caption, highlights and pause are edited beside it in the story
/// editor).
pub static STEP: &[Field<Step>] = &[Field::Num(Num {
    key: "at_s",
    label: "Step time",
    unit: "s",
    scale: 1.0,
    help: "When the step starts, in simulated seconds.",
    min: 0.0,
    max: MAX_DURATION_S,
    integer: false,
    none: None,
    when: always,
    get: |st| Some(st.at_s),
    set: |st, v| st.at_s = whole_us(v.unwrap_or_default()),
})];

/// The scenario's own settings (title and notes are texts of their own).
pub static SCENARIO: &[Field<Scenario>] = &[
    Field::Num(Num {
        key: "seed",
        label: "Seed",
        unit: "",
        scale: 1.0,
        help: "Same seed, same run: change it to see another random run.",
        min: 0.0,
        max: MAX_EXACT_INTEGER,
        integer: true,
        none: None,
        when: always,
        get: |s| Some(Number::to_f64(s.seed)),
        set: |s, v| {
            if let Some(v) = v {
                s.seed = Number::from_f64(v);
            }
        },
    }),
    Field::Num(Num {
        key: "duration_s",
        label: "Run length",
        unit: "s",
        scale: 1.0,
        help: "Simulated time the run covers; the timeline spans it.",
        min: 0.000_001,
        max: MAX_DURATION_S,
        integer: false,
        none: None,
        when: always,
        get: |s| Some(s.run_duration_s()),
        set: |s, v| s.duration_s = v,
    }),
];

/// Splits a comma-separated list of names, trimmed, empty ones dropped, at most `max`.
pub fn split_list(text: &str, max: usize) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).take(max).map(str::to_owned).collect()
}

/// A gentle note when an event type reads like a command (`CreateOrder`: a verb in the
/// imperative at the start) rather than a fact (`OrderCreated`). Validation warns with it and
/// the editor shows it under the field.
pub fn looks_like_command(name: &str) -> bool {
    const VERBS: [&str; 13] = [
        "Create", "Update", "Delete", "Send", "Make", "Place", "Cancel", "Register", "Process",
        "Do", "Charge", "Reserve", "Ship",
    ];
    VERBS.iter().any(|v| {
        name.strip_prefix(v).is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase))
    }) && !name.ends_with("ed")
}

/// Why a typed number is refused, in one short sentence; `shown` is in the editor's unit.
pub fn check_shown<T>(f: &Num<T>, shown: f64) -> Result<f64, String> {
    if !shown.is_finite() {
        return Err("Enter a finite number.".into());
    }
    let stored = shown / f.scale;
    let (min, max) = (f.min * f.scale, f.max * f.scale);
    if f.integer && f.scale == 1.0 && shown.fract() != 0.0 {
        return Err("Enter a whole number.".into());
    }
    if stored < f.min {
        return Err(if min == 0.0 {
            "Cannot be negative.".into()
        } else {
            format!("At least {min}.")
        });
    }
    if stored > f.max {
        return Err(format!("At most {max}."));
    }
    Ok(if f.integer { stored.round() } else { stored })
}
