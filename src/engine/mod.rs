//! The deterministic discrete-event simulation engine. Pure Rust: no browser APIs, no wall clock.
//!
//! # Model
//!
//! Time is an integer count of microseconds ([`Micros`]). Pending work sits in a binary heap
//! ordered by (time, insertion sequence); the loop jumps from one entry to the next. All
//! randomness comes from one Xoshiro256++ generator seeded by the scenario, decisions compare
//! integers (parts per million) and the few transcendental functions come from `libm`, so the
//! same scenario and seed give the same run natively and in wasm, which
//! [`Simulation::trace_hash`] lets tests check.
//!
//! Messages are 40-byte `Copy` records in partition logs (`VecDeque`s) and in a slab of
//! "slots" for messages in motion; there is no allocation per message once the vectors have
//! grown, and no handler scans all nodes.
//!
//! # API for the UI
//!
//! ```ignore
//! let mut sim = Simulation::new(&scenario)?;          // Err(problems) if it cannot run
//! sim.advance_to(sim.now_us() + 16_000);              // one animation frame of sim time
//! let frame: Snapshot = sim.snapshot();               // dots on edges, depths, node states
//! let numbers: Metrics = sim.metrics();               // counters, lag, latency, series
//! let checks: Vec<CheckStatus> = sim.checks();       // the scenario's checks, pass/pending/fail
//! let path: Option<Trace> = sim.trace(event_id);      // every hop of one event, reasons in words
//! let lost = sim.outcomes(node, OutcomeKind::Lost);   // newest 10,000 losses of a node, why
//! let why = sim.outcome_counts(node);                 // exact counts by reason, whole run
//! let fault = sim.fault_for(&Command::Crash { node, instance: None, restart_after_us: None })?;
//! sim.inject(Command::Poison { node: producer })?;    // as a fault at sim.fault_horizon_us()
//! sim.apply_scenario_change(&edited)?;                // new settings and future faults from now
//! let mut tl = Timeline::new(sim, 5_000_000);         // checkpoints every 5 s of sim time
//! tl.seek(30_000_000);                                // jump back or forward
//! ```
//!
//! # Accounting
//!
//! Each group counts the messages that enter its input (`produced`) and gives each exactly one
//! outcome: for every group, at every instant,
//! `produced = processed + duplicates_skipped + in_flight + queued + dead_lettered + lost +
//! expired`.
//! Redeliveries and duplicates show in their own counters, never as extra outcomes.
//! [`Simulation::audit`] recomputes the terms from the raw state.

mod brokers;
mod checks;
mod chunked;
mod clock;
pub mod compare;
mod consume;
mod effects;
mod faults;
mod figures;
mod group;
mod histogram;
mod memory;
mod metrics;
mod model;
mod produce;
mod queue;
mod reasons;
pub mod replications;
mod rng;
mod series;
mod sim;
mod snapshot;
mod timeline;
mod trace;
mod world;

pub use brokers::{ClusterCheck, ClusterCounters};
pub use checks::{CheckStatus, Verdict};
pub use clock::{ms_to_us, secs_to_us, us_to_secs, Micros};
pub use faults::Command;
pub use histogram::{Histogram, Summary};
pub use metrics::{
    BrokerMetrics, ClusterMetrics, DatabaseMetrics, GroupMetrics, Headline, Metrics, OutboxMetrics,
    PartitionLag, ProducerMetrics, ReplicaMetrics, TopicMetrics, Totals, EVENT_HEADLINES,
    HEADLINES,
};
pub use reasons::{
    OutcomeKind, OutcomeRecord, Reason, ReasonCount, OUTCOME_INDEX_CAPACITY, REASON_COUNT,
};
pub use series::{Sample, MAX_SAMPLES};
pub use sim::Simulation;
pub use snapshot::{
    ChangeError, CursorSnapshot, EdgeSnapshot, InstanceSnapshot, MessageDot, MessageState,
    NodeSnapshot, NodeState, PartitionSnapshot, Snapshot, MAX_DOTS_PER_EDGE,
};
pub use timeline::{SeekProgress, Timeline};
pub use trace::{Hop, HopOutcome, Trace, TRACE_CAPACITY};
pub use world::{DatabaseCounters, GroupCounters, InstanceState, OutboxCounters, ProducerCounters};
