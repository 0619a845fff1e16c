//! Settings of each node kind and of edges. Every field documents its unit and default; a field
//! left at its default is omitted when written, so documents and share links stay short and an
//! older document (missing newer fields) still opens.

use serde::{Deserialize, Serialize};

/// `true` when a value equals its type's default; used to omit default fields when writing.
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Defaults that are not the type's own default, as a getter (for serde and `Default`) plus a
/// predicate (to omit the field when writing).
macro_rules! defaults {
    ($($get:ident, $is:ident: $ty:ty = $val:expr;)*) => {$(
        pub(crate) fn $get() -> $ty { $val }
        #[allow(clippy::float_cmp, clippy::trivially_copy_pass_by_ref)]
        pub(crate) fn $is(v: &$ty) -> bool { *v == $val }
    )*};
}

pub(crate) mod d {
    defaults! {
        event_type, is_event_type: String = String::from("Event");
        rate, is_rate: f64 = 10.0;
        burst_size, is_burst_size: u32 = 10;
        burst_interval, is_burst_interval: f64 = 1.0;
        key_space, is_key_space: u32 = 1_000;
        zipf, is_zipf: f64 = 1.0;
        hot_share, is_hot_share: f64 = 0.5;
        one_u32, is_one_u32: u32 = 1;
        partitions, is_partitions: u32 = 1;
        retention, is_retention: f64 = 7.0 * 24.0 * 3600.0;
        session_timeout, is_session_timeout: f64 = 10.0;
        rebalance_pause, is_rebalance_pause: f64 = 0.5;
        restart, is_restart: f64 = 5.0;
        dedup_window, is_dedup_window: f64 = 24.0 * 3600.0;
        mean_ms, is_mean_ms: f64 = 10.0;
        sigma, is_sigma: f64 = 0.5;
        attempts, is_attempts: u32 = 3;
        initial_backoff, is_initial_backoff: f64 = 100.0;
        max_backoff, is_max_backoff: f64 = 30_000.0;
        multiplier, is_multiplier: f64 = 2.0;
        relay_interval, is_relay_interval: f64 = 100.0;
        relay_batch, is_relay_batch: u32 = 100;
        delay_us, is_delay_us: u64 = 1_000;
        slowdown, is_slowdown: f64 = 10.0;
        retries, is_retries: u32 = 2_147_483_647;
        retry_backoff, is_retry_backoff: f64 = 100.0;
        delivery_timeout, is_delivery_timeout: f64 = 120_000.0;
        request_timeout, is_request_timeout: f64 = 30_000.0;
        yes, is_yes: bool = true;
        brokers, is_brokers: u32 = 3;
        replica_lag, is_replica_lag: f64 = 30_000.0;
        fetch_delay, is_fetch_delay: f64 = 5.0;
        election_delay, is_election_delay: f64 = 1_000.0;
    }
}

/// How a producer spaces its events in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// Exactly `rate_per_s` events per second, evenly spaced.
    Constant,
    /// A Poisson process with mean `rate_per_s`: exponential gaps between events.
    #[default]
    Poisson,
    /// `burst_size` events at once every `burst_interval_s`.
    Bursts,
    /// Only when asked (a `Produce` command from the UI, or `max_events` at start).
    Manual,
}

/// How a producer picks the key of each event among `key_space` keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyDistribution {
    /// Every key equally likely.
    #[default]
    Uniform,
    /// A few keys are hot: a power law with exponent `zipf_exponent`.
    Zipf,
    /// Key 0 takes `hot_key_share` of all events; the rest spread uniformly.
    HotKey,
}

/// A schema change the producer makes during the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchemaUpgrade {
    /// Simulated time of the change, in seconds. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub at_s: f64,
    /// Schema version emitted from then on. Default 2.
    #[serde(default = "two", skip_serializing_if = "is_two")]
    pub version: u32,
    /// `true` if the change is additive: readers of older versions can still process the event.
    /// Default false.
    #[serde(skip_serializing_if = "is_default")]
    pub compatible: bool,
}

fn two() -> u32 {
    2
}
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_two(v: &u32) -> bool {
    *v == 2
}

/// A producer: the write side of a service that emits one event type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProducerConfig {
    /// Name of the event type it emits, in the past tense (`OrderCreated`). Default `Event`.
    #[serde(skip_serializing_if = "d::is_event_type")]
    pub event_type: String,
    /// Arrival process. Default `poisson`.
    #[serde(skip_serializing_if = "is_default")]
    pub arrival: Arrival,
    /// Mean rate, in events per second (constant and Poisson). Default 10.
    #[serde(skip_serializing_if = "d::is_rate")]
    pub rate_per_s: f64,
    /// Events per burst (`bursts`). Default 10.
    #[serde(skip_serializing_if = "d::is_burst_size")]
    pub burst_size: u32,
    /// Time between bursts, in seconds (`bursts`). Default 1.
    #[serde(skip_serializing_if = "d::is_burst_interval")]
    pub burst_interval_s: f64,
    /// Number of distinct keys (for example order ids); 0 means events carry no key and are
    /// spread round-robin over partitions. Default 1000.
    #[serde(skip_serializing_if = "d::is_key_space")]
    pub key_space: u32,
    /// Key distribution. Default `uniform`.
    #[serde(skip_serializing_if = "is_default")]
    pub key_distribution: KeyDistribution,
    /// Exponent of the `zipf` distribution (larger = more skewed). Default 1.
    #[serde(skip_serializing_if = "d::is_zipf")]
    pub zipf_exponent: f64,
    /// Share of events on the hot key (`hot_key`), 0..=1. Default 0.5.
    #[serde(skip_serializing_if = "d::is_hot_share")]
    pub hot_key_share: f64,
    /// Payload schema version at the start. Default 1.
    #[serde(skip_serializing_if = "d::is_one_u32")]
    pub schema_version: u32,
    /// A schema change during the run. Default none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_upgrade: Option<SchemaUpgrade>,
    /// Probability that an event is a poison message (fails every time), 0..=1. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub poison_probability: f64,
    /// Probability that the producer crashes between writing its database and publishing, 0..=1.
    /// With a direct publish (dual write) the event is lost; through an outbox it is not.
    /// Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub crash_between_write_and_publish_probability: f64,
    /// Time the producer spends storing the request before it answers, in milliseconds; part of
    /// the user-facing latency. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub handle_ms: f64,
    /// When it starts emitting, in simulated seconds. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub start_s: f64,
    /// When it stops emitting, in simulated seconds. Default: never.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_s: Option<f64>,
    /// Stop after this many events. Default: no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_events: Option<u64>,
    /// Kafka's `acks`, when the scenario has a `cluster`: `"0"` (no acknowledgement), `"1"`
    /// (the leader's) or `"all"` (every in-sync replica's). Default `all`.
    #[serde(skip_serializing_if = "is_default")]
    pub acks: Acks,
    /// Kafka's `retries`: sends after the first one failed, within `delivery_timeout_ms`.
    /// Default 2147483647.
    #[serde(skip_serializing_if = "d::is_retries")]
    pub retries: u32,
    /// Kafka's `retry.backoff.ms`: wait before a retry, in milliseconds. Default 100.
    #[serde(skip_serializing_if = "d::is_retry_backoff")]
    pub retry_backoff_ms: f64,
    /// Kafka's `delivery.timeout.ms`: the longest a send may take, retries included, in
    /// milliseconds; then it fails (timed out). Default 120000.
    #[serde(skip_serializing_if = "d::is_delivery_timeout")]
    pub delivery_timeout_ms: f64,
    /// Kafka's `request.timeout.ms`: how long one attempt waits for its answer before it is
    /// retried, in milliseconds. Default 30000.
    #[serde(skip_serializing_if = "d::is_request_timeout")]
    pub request_timeout_ms: f64,
    /// Kafka's `enable.idempotence`: the leader drops a retried record it already has
    /// (by producer id and sequence). Default true.
    #[serde(default = "d::yes", skip_serializing_if = "d::is_yes")]
    pub enable_idempotence: bool,
}

/// Kafka's `acks`: which replicas must have a record before the producer hears it is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Acks {
    /// No acknowledgement: the producer counts the record sent as soon as it leaves.
    #[serde(rename = "0")]
    Zero,
    /// The leader's: acknowledged once the leader appended it.
    #[serde(rename = "1")]
    One,
    /// Every in-sync replica's: acknowledged once the high watermark passed it.
    #[default]
    #[serde(rename = "all")]
    All,
}

impl Acks {
    /// As Kafka writes it (`0`, `1`, `all`).
    pub fn label(self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
    }
}

/// The brokers a scenario's topics live on (Kafka's cluster). Without one, every topic is an
/// ideal broker that never loses an acknowledged write, as before brokers existed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    /// Number of brokers, named `broker-1` to `broker-N`, 1..=16. Default 3.
    #[serde(skip_serializing_if = "d::is_brokers")]
    pub brokers: u32,
    /// Kafka's `replica.lag.time.max.ms`: a follower that has not caught up with the leader
    /// for this long leaves the ISR, in milliseconds. Default 30000.
    #[serde(skip_serializing_if = "d::is_replica_lag")]
    pub replica_lag_time_max_ms: f64,
    /// Time a follower's fetch takes to bring it level with the leader, in milliseconds.
    /// Default 5.
    #[serde(skip_serializing_if = "d::is_fetch_delay")]
    pub replica_fetch_delay_ms: f64,
    /// Time the controller takes to notice a lost broker and elect new leaders, in
    /// milliseconds. Default 1000.
    #[serde(skip_serializing_if = "d::is_election_delay")]
    pub leader_election_delay_ms: f64,
    /// Broker index the replica assignment starts from (Kafka draws it at random; here it is
    /// fixed so that a run is reproducible). Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub assignment_start: u32,
}

impl Default for Cluster {
    fn default() -> Self {
        Self {
            brokers: d::brokers(),
            replica_lag_time_max_ms: d::replica_lag(),
            replica_fetch_delay_ms: d::fetch_delay(),
            leader_election_delay_ms: d::election_delay(),
            assignment_start: 0,
        }
    }
}

impl Default for ProducerConfig {
    fn default() -> Self {
        Self {
            event_type: d::event_type(),
            arrival: Arrival::default(),
            rate_per_s: d::rate(),
            burst_size: d::burst_size(),
            burst_interval_s: d::burst_interval(),
            key_space: d::key_space(),
            key_distribution: KeyDistribution::default(),
            zipf_exponent: d::zipf(),
            hot_key_share: d::hot_share(),
            schema_version: d::one_u32(),
            schema_upgrade: None,
            poison_probability: 0.0,
            crash_between_write_and_publish_probability: 0.0,
            handle_ms: 0.0,
            start_s: 0.0,
            stop_s: None,
            max_events: None,
            acks: Acks::default(),
            retries: d::retries(),
            retry_backoff_ms: d::retry_backoff(),
            delivery_timeout_ms: d::delivery_timeout(),
            request_timeout_ms: d::request_timeout(),
            enable_idempotence: true,
        }
    }
}

/// A topic (or a dead-letter queue): a log split into partitions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicConfig {
    /// Number of partitions, 1..=64. Default 1.
    #[serde(skip_serializing_if = "d::is_partitions")]
    pub partitions: u32,
    /// How long the broker keeps an event, in seconds; an event older than that is removed even
    /// if a group has not read it (it is *expired* for that group). Default 604800 (7 days).
    #[serde(skip_serializing_if = "d::is_retention")]
    pub retention_s: f64,
    /// Kafka's `replication.factor`, with a `cluster`: copies of each partition, on that many
    /// brokers, 1..=brokers. Default 1.
    #[serde(skip_serializing_if = "d::is_one_u32")]
    pub replication_factor: u32,
    /// Kafka's `min.insync.replicas`: with `acks=all`, a send is refused (not enough replicas)
    /// while the ISR is smaller. Default 1.
    #[serde(skip_serializing_if = "d::is_one_u32")]
    pub min_insync_replicas: u32,
    /// Kafka's `unclean.leader.election.enable`: when no in-sync replica is left, an
    /// out-of-sync one may become leader (the partition comes back, its missing records are
    /// lost). Default false.
    #[serde(skip_serializing_if = "is_default")]
    pub unclean_leader_election: bool,
}

impl Default for TopicConfig {
    fn default() -> Self {
        Self {
            partitions: d::partitions(),
            retention_s: d::retention(),
            replication_factor: 1,
            min_insync_replicas: 1,
            unclean_leader_election: false,
        }
    }
}

/// How a group shares partitions among its instances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    /// Per topic, contiguous ranges of partitions per instance (Kafka's `range`).
    #[default]
    Range,
    /// All partitions dealt to instances in turn (Kafka's `roundrobin`).
    RoundRobin,
}

/// The delivery guarantee of a consumer group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guarantee {
    /// Acknowledge, then process: a crash loses the message.
    AtMostOnce,
    /// Process, then acknowledge: a crash redelivers the message (duplicate side effects).
    #[default]
    AtLeastOnce,
    /// At-least-once plus a dedup store written with the side effect: each event id's side
    /// effect happens once.
    EffectivelyOnce,
}

/// Shape of a processing-time distribution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Always `mean_ms`.
    #[default]
    Fixed,
    /// Uniform on `mean_ms ± spread_ms`.
    Uniform,
    /// Exponential with mean `mean_ms`.
    Exponential,
    /// Log-normal with mean `mean_ms` and shape `sigma` (standard deviation of the logarithm).
    LogNormal,
}

/// How long one message takes to process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcessingTime {
    /// Distribution. Default `fixed`.
    #[serde(skip_serializing_if = "is_default")]
    pub distribution: Distribution,
    /// Mean, in milliseconds. Default 10.
    #[serde(skip_serializing_if = "d::is_mean_ms")]
    pub mean_ms: f64,
    /// Half-width of the `uniform` distribution, in milliseconds. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub spread_ms: f64,
    /// Shape of the `log_normal` distribution. Default 0.5.
    #[serde(skip_serializing_if = "d::is_sigma")]
    pub sigma: f64,
}

impl Default for ProcessingTime {
    fn default() -> Self {
        Self {
            distribution: Distribution::default(),
            mean_ms: d::mean_ms(),
            spread_ms: 0.0,
            sigma: d::sigma(),
        }
    }
}

/// Growth of the wait between attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backoff {
    /// Always `initial_backoff_ms`.
    Fixed,
    /// `initial_backoff_ms × multiplier^(attempt−1)`, capped at `max_backoff_ms`.
    #[default]
    Exponential,
}

/// What a group does when processing fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    /// Total attempts including the first, 1..=100; after the last one the message goes to the
    /// dead-letter target (or is discarded and counted lost if there is none). Default 3.
    #[serde(skip_serializing_if = "d::is_attempts")]
    pub max_attempts: u32,
    /// Backoff shape. Default `exponential`.
    #[serde(skip_serializing_if = "is_default")]
    pub backoff: Backoff,
    /// Wait before the second attempt, in milliseconds. Default 100.
    #[serde(skip_serializing_if = "d::is_initial_backoff")]
    pub initial_backoff_ms: f64,
    /// Longest wait, in milliseconds. Default 30000.
    #[serde(skip_serializing_if = "d::is_max_backoff")]
    pub max_backoff_ms: f64,
    /// Growth factor of `exponential` backoff, ≥ 1. Default 2.
    #[serde(skip_serializing_if = "d::is_multiplier")]
    pub multiplier: f64,
    /// Random jitter as a fraction of the wait, 0..=1: the wait is drawn uniformly from
    /// `[wait × (1 − jitter), wait]`. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: d::attempts(),
            backoff: Backoff::default(),
            initial_backoff_ms: d::initial_backoff(),
            max_backoff_ms: d::max_backoff(),
            multiplier: d::multiplier(),
            jitter: 0.0,
        }
    }
}

/// One step of a choreography: on `input`, a service emits `outputs` (or `otherwise`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    /// Input event type; empty matches every type. Default empty.
    #[serde(skip_serializing_if = "is_default")]
    pub input: String,
    /// Event types emitted after processing the input. Default none.
    #[serde(skip_serializing_if = "is_default")]
    pub outputs: Vec<String>,
    /// Emitted instead of `outputs` with probability `otherwise_probability` (for example
    /// `OrderCancelled`). Default none.
    #[serde(skip_serializing_if = "is_default")]
    pub otherwise: String,
    /// Probability of taking `otherwise`, 0..=1. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub otherwise_probability: f64,
}

/// A consumer group, a service (a group that also emits) or a projection (a group that builds a
/// read model).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupConfig {
    /// Instances (consumers) in the group, 1..=64. Default 1.
    #[serde(skip_serializing_if = "d::is_one_u32")]
    pub instances: u32,
    /// Messages one instance processes at once, 1..=64. With more than one, messages of one
    /// partition may finish out of order. Default 1.
    #[serde(skip_serializing_if = "d::is_one_u32")]
    pub concurrency: u32,
    /// Partition assignment strategy. Default `range`.
    #[serde(skip_serializing_if = "is_default")]
    pub assignment: Assignment,
    /// Time before the group notices a crashed instance and moves its partitions, in seconds.
    /// Default 10.
    #[serde(skip_serializing_if = "d::is_session_timeout")]
    pub session_timeout_s: f64,
    /// Time a rebalance pauses the whole group, in seconds. Default 0.5.
    #[serde(skip_serializing_if = "d::is_rebalance_pause")]
    pub rebalance_pause_s: f64,
    /// Time a crashed instance takes to restart, in seconds. Default 5.
    #[serde(skip_serializing_if = "d::is_restart")]
    pub restart_s: f64,
    /// Processing time per message.
    #[serde(skip_serializing_if = "is_default")]
    pub processing: ProcessingTime,
    /// Delivery guarantee. Default `at_least_once`.
    #[serde(skip_serializing_if = "is_default")]
    pub guarantee: Guarantee,
    /// Effectively-once only: how long the dedup store remembers an event id it applied, in
    /// seconds (at most the newest 262,144 ids). A duplicate that arrives later is applied
    /// again. Default 86,400 (one day, as payment APIs keep idempotency keys).
    #[serde(skip_serializing_if = "d::is_dedup_window")]
    pub dedup_window_s: f64,
    /// Retry policy on failure.
    #[serde(skip_serializing_if = "is_default")]
    pub retry: RetryPolicy,
    /// Newest schema version the group understands; a newer, incompatible event fails every
    /// attempt. Default: understands every version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_schema_version: Option<u32>,
    /// Probability that one attempt fails transiently (then retried), 0..=1. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub failure_probability: f64,
    /// Probability that the instance crashes while processing, before the side effect, 0..=1.
    /// Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub crash_before_side_effect_probability: f64,
    /// Probability that the instance crashes after the side effect but before it acknowledges,
    /// 0..=1. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub crash_after_side_effect_probability: f64,
    /// Probability that a service crashes between its side effect and publishing its output
    /// events, 0..=1: with a direct publish (dual write) the outputs are lost, through an outbox
    /// they are not. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub crash_between_write_and_publish_probability: f64,
    /// Services only: the event types emitted for each input type. Default none.
    #[serde(skip_serializing_if = "is_default")]
    pub mappings: Vec<Mapping>,
}

impl Default for GroupConfig {
    fn default() -> Self {
        Self {
            instances: 1,
            concurrency: 1,
            assignment: Assignment::default(),
            session_timeout_s: d::session_timeout(),
            rebalance_pause_s: d::rebalance_pause(),
            restart_s: d::restart(),
            processing: ProcessingTime::default(),
            guarantee: Guarantee::default(),
            dedup_window_s: d::dedup_window(),
            retry: RetryPolicy::default(),
            max_schema_version: None,
            failure_probability: 0.0,
            crash_before_side_effect_probability: 0.0,
            crash_after_side_effect_probability: 0.0,
            crash_between_write_and_publish_probability: 0.0,
            mappings: Vec::new(),
        }
    }
}

/// A database: the side-effect store of the groups that write to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// Writes per second it can take; an attempt beyond that fails (overload) and is retried.
    /// 0 means unlimited. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub capacity_per_s: f64,
}

/// A transactional outbox and its relay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutboxConfig {
    /// How often the relay polls the outbox table, in milliseconds. Default 100.
    #[serde(skip_serializing_if = "d::is_relay_interval")]
    pub relay_interval_ms: f64,
    /// Most rows the relay publishes per poll. Default 100.
    #[serde(skip_serializing_if = "d::is_relay_batch")]
    pub relay_batch: u32,
    /// Probability that the relay crashes after publishing a batch but before marking it sent,
    /// 0..=1: the batch is published again (at least once). Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub relay_crash_probability: f64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            relay_interval_ms: d::relay_interval(),
            relay_batch: d::relay_batch(),
            relay_crash_probability: 0.0,
        }
    }
}

/// Network behaviour of one edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Network {
    /// One-way delay, in microseconds. Default 1000.
    #[serde(skip_serializing_if = "d::is_delay_us")]
    pub delay_us: u64,
    /// Extra random delay, uniform on `0..=jitter_us`, in microseconds. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub jitter_us: u64,
    /// Probability that a message is dropped, 0..=1 (publish, dead-letter and call edges; a
    /// consumer's fetch is reliable). Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub drop_probability: f64,
    /// Probability that a message arrives twice, 0..=1 (publish and dead-letter edges: a
    /// producer retry after a lost acknowledgement). Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub duplicate_probability: f64,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            delay_us: d::delay_us(),
            jitter_us: 0,
            drop_probability: 0.0,
            duplicate_probability: 0.0,
        }
    }
}

/// What a scheduled fault does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Instances crash at `at_s` (work in progress is lost, the group notices after its session
    /// timeout) and come back after `duration_s`.
    #[default]
    Crash,
    /// Instances leave the group cleanly at `at_s` (immediate rebalance) and rejoin after
    /// `duration_s`.
    Down,
    /// Processing takes `factor` times longer during the window.
    SlowDown,
    /// The topic's broker is down during the window: publishes fail, nothing is delivered.
    BrokerDown,
    /// The projection is rebuilt by replay from offset zero at `at_s`.
    Rebuild,
    /// The producer emits `count` poison messages (they fail every attempt) at `at_s`.
    Poison,
    /// The producer emits `count` events at `at_s`, on top of its own arrivals (the way to
    /// drive a `manual` producer).
    Produce,
    /// Broker `broker` of the cluster crashes at `at_s` and restarts after `duration_s` (its
    /// log survives; it fetches what it missed).
    BrokerCrash,
    /// Broker `broker`, if crashed, restarts at `at_s`, before its crash's time to restart
    /// (every crash window of it open then closes); a broker that is up is left as it is.
    BrokerRestart,
    /// Broker `broker` is `factor` times slower (its fetches) during the window.
    BrokerSlow,
    /// A network partition isolates broker `broker` from the controller, the other brokers and
    /// the clients during the window.
    BrokerIsolate,
}

impl FaultKind {
    /// Every kind, in the order menus list them.
    pub const ALL: [FaultKind; 7] = [
        FaultKind::Crash,
        FaultKind::Down,
        FaultKind::SlowDown,
        FaultKind::BrokerDown,
        FaultKind::Rebuild,
        FaultKind::Poison,
        FaultKind::Produce,
    ];

    /// The kinds that hit a broker of the cluster (named by `broker`, not by a node).
    pub const BROKER: [FaultKind; 4] = [
        FaultKind::BrokerCrash,
        FaultKind::BrokerRestart,
        FaultKind::BrokerSlow,
        FaultKind::BrokerIsolate,
    ];

    /// Whether it hits a broker of the cluster rather than a node.
    pub fn hits_broker(self) -> bool {
        matches!(
            self,
            FaultKind::BrokerCrash
                | FaultKind::BrokerRestart
                | FaultKind::BrokerSlow
                | FaultKind::BrokerIsolate
        )
    }

    /// Its name, as a noun ("Crash Payments at 12.0 s").
    pub fn label(self) -> &'static str {
        match self {
            FaultKind::Crash => "Crash",
            FaultKind::Down => "Down",
            FaultKind::SlowDown => "Slow-down",
            FaultKind::BrokerDown => "Broker down",
            FaultKind::Rebuild => "Rebuild",
            FaultKind::Poison => "Poison message",
            FaultKind::Produce => "Emit events",
            FaultKind::BrokerCrash => "Broker crash",
            FaultKind::BrokerRestart => "Broker restart",
            FaultKind::BrokerSlow => "Broker slow",
            FaultKind::BrokerIsolate => "Broker isolated",
        }
    }

    /// What a button that does it now says.
    pub fn action(self) -> &'static str {
        match self {
            FaultKind::Crash => "Crash now",
            FaultKind::Down => "Take down",
            FaultKind::SlowDown => "Slow down",
            FaultKind::BrokerDown => "Take broker down",
            FaultKind::Rebuild => "Rebuild by replay",
            FaultKind::Poison => "Send a poison message",
            FaultKind::Produce => "Emit events",
            FaultKind::BrokerCrash => "Kill",
            FaultKind::BrokerRestart => "Restart now",
            FaultKind::BrokerSlow => "Slow down",
            FaultKind::BrokerIsolate => "Isolate",
        }
    }

    /// Whether it can hit a node of this kind.
    pub fn fits(self, tag: super::NodeKindTag) -> bool {
        match self {
            FaultKind::Crash | FaultKind::Down | FaultKind::SlowDown => tag.is_consumer(),
            FaultKind::BrokerDown => tag.is_log(),
            FaultKind::Rebuild => tag == super::NodeKindTag::Projection,
            FaultKind::Poison | FaultKind::Produce => tag == super::NodeKindTag::Producer,
            FaultKind::BrokerCrash
            | FaultKind::BrokerRestart
            | FaultKind::BrokerSlow
            | FaultKind::BrokerIsolate => false,
        }
    }

    /// Whether `duration_s` means something: a window, or a crash's time to restart.
    pub fn has_duration(self) -> bool {
        matches!(
            self,
            FaultKind::Crash
                | FaultKind::Down
                | FaultKind::SlowDown
                | FaultKind::BrokerDown
                | FaultKind::BrokerCrash
                | FaultKind::BrokerSlow
                | FaultKind::BrokerIsolate
        )
    }

    /// Whether `instance` means something (one instance or all).
    pub fn has_instance(self) -> bool {
        matches!(self, FaultKind::Crash | FaultKind::Down)
    }

    /// Whether `count` means something.
    pub fn has_count(self) -> bool {
        matches!(self, FaultKind::Poison | FaultKind::Produce)
    }
}

/// A fault at a fixed simulated time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fault {
    /// Node it hits.
    pub node: super::NodeId,
    /// What happens. Default `crash`.
    #[serde(skip_serializing_if = "is_default")]
    pub kind: FaultKind,
    /// Start, in simulated seconds. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub at_s: f64,
    /// Length of the window, in seconds. Default 0.
    #[serde(skip_serializing_if = "is_default")]
    pub duration_s: f64,
    /// Instance index hit by `crash`/`down`; none means every instance. Default none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<u32>,
    /// Slow-down factor, > 1 (`slow_down`). Default 10.
    #[serde(skip_serializing_if = "d::is_slowdown")]
    pub factor: f64,
    /// Messages emitted by `poison` and `produce`, 1 to 10,000. Default 1.
    #[serde(skip_serializing_if = "d::is_one_u32")]
    pub count: u32,
    /// Broker hit by `broker_crash`, `broker_slow` and `broker_isolate`, 1..=brokers (its
    /// `node` is not used). Default 0 (none).
    #[serde(skip_serializing_if = "is_default")]
    pub broker: u32,
}

/// Length of the window a fault added in the browser starts with (injected or scheduled), in
/// seconds.
pub const DEFAULT_FAULT_WINDOW_S: f64 = 10.0;

impl Fault {
    /// A new fault of `kind` on `node` at `at_s`, as the browser adds one: a window of
    /// [`DEFAULT_FAULT_WINDOW_S`], or for a crash the group's own restart time.
    pub fn new_on(node: &super::Node, kind: FaultKind, at_s: f64) -> Fault {
        let duration_s = match (kind, node.kind.group()) {
            (FaultKind::Crash, Some(g)) => g.restart_s,
            (k, _) if k.has_duration() => DEFAULT_FAULT_WINDOW_S,
            _ => 0.0,
        };
        Fault { node: node.id, kind, at_s, duration_s, ..Fault::default() }
    }
}

impl Default for Fault {
    fn default() -> Self {
        Self {
            node: super::NodeId(0),
            kind: FaultKind::default(),
            at_s: 0.0,
            duration_s: 0.0,
            instance: None,
            factor: d::slowdown(),
            count: 1,
            broker: 0,
        }
    }
}
