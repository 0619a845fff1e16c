//! Named limits on everything a scenario can ask for.
//!
//! A scenario comes from a file, a share link or the editor; every size and rate in it is checked
//! against these caps before the engine runs, so a hostile or mistaken document can neither
//! exhaust memory nor make a run take forever. The engine relies on them (for example event
//! types fit a 128-bit mask, node indices fit a `u16`).

/// Newest scenario format version this build reads. Older versions open; newer ones are refused
/// with a clear error rather than half-understood.
pub const FORMAT_VERSION: u32 = 1;

/// Largest scenario document accepted by [`super::Scenario::from_json`], in bytes (1 MiB).
pub const MAX_JSON_BYTES: usize = 1 << 20;

/// Most nodes in one scenario.
pub const MAX_NODES: usize = 500;
/// Most edges in one scenario.
pub const MAX_EDGES: usize = 2_000;
/// Longest node name, title or event type name, in characters.
pub const MAX_NAME_LEN: usize = 80;
/// Longest notes paragraph, in characters.
pub const MAX_NOTES_LEN: usize = 8_000;
/// Most steps in a scenario's story.
pub const MAX_STEPS: usize = 32;
/// Longest caption of a story step, in characters.
pub const MAX_CAPTION_LEN: usize = 400;
/// Most nodes one story step highlights.
pub const MAX_HIGHLIGHTS: usize = 16;
/// Most distinct event type names across the scenario (the engine filters with a 128-bit mask).
pub const MAX_EVENT_TYPES: usize = 128;
/// Most partitions in one topic.
pub const MAX_PARTITIONS: u32 = 64;
/// Most brokers in a cluster (and so the largest replication factor).
pub const MAX_BROKERS: u32 = 16;
/// Most retries a producer may ask for (Kafka's default, `Integer.MAX_VALUE`).
pub const MAX_RETRIES: u32 = 2_147_483_647;
/// Record ids a partition's leader remembers for idempotence and for spotting a retry's
/// duplicate (Kafka keeps the last five batches per producer; this is per partition).
pub const MAX_PARTITION_IDS: usize = 8_192;
/// Most records waiting above a partition's high watermark; a send beyond it is refused as if
/// the leader's buffer were full (a retriable error).
pub const MAX_PENDING_RECORDS: usize = 262_144;
/// Most producer sends in flight at once over the whole cluster; a send beyond it fails at
/// once (the producer's buffer is full).
pub const MAX_SENDS_IN_FLIGHT: usize = 1 << 20;
/// Most instances in one consumer group.
pub const MAX_INSTANCES: u32 = 64;
/// Most messages one instance processes at the same time.
pub const MAX_CONCURRENCY: u32 = 64;
/// Highest producer rate, in events per second.
pub const MAX_RATE_PER_S: f64 = 1_000_000.0;
/// Largest burst, in events.
pub const MAX_BURST_SIZE: u32 = 100_000;
/// Largest key space (distinct keys a producer draws from).
pub const MAX_KEY_SPACE: u32 = 1 << 16;
/// Most delivery attempts in a retry policy.
pub const MAX_ATTEMPTS: u32 = 100;
/// Longest simulated run, in seconds (one week).
pub const MAX_DURATION_S: f64 = 7.0 * 24.0 * 3600.0;
/// Longest time-like setting (delay, processing time, backoff, window), in seconds (one day).
pub const MAX_TIME_S: f64 = 24.0 * 3600.0;
/// Longest retention, in seconds (one year).
pub const MAX_RETENTION_S: f64 = 365.0 * 24.0 * 3600.0;
/// Most scheduled faults in one scenario.
pub const MAX_FAULTS: usize = 1_000;
/// Most checks in one scenario: a lesson states its point in two or three; 32 leaves room for a
/// team's architecture rules while keeping their evaluation at every sample cheap.
pub const MAX_CHECKS: usize = 32;
/// Largest bound a check may name (in its figure's unit): far beyond any count a week-long run
/// reaches, and small enough that the number stays exact in a link.
pub const MAX_CHECK_VALUE: f64 = 1.0e12;
/// Most input-to-output mappings on one service.
pub const MAX_MAPPINGS: usize = 32;
/// Most output event types in one mapping.
pub const MAX_OUTPUTS: usize = 8;
/// Deepest synchronous call chain.
pub const MAX_CALL_DEPTH: usize = 16;
/// Largest slow-down factor.
pub const MAX_SLOWDOWN_FACTOR: f64 = 1_000.0;
/// Most messages one `poison` or `produce` fault (or command) emits at once.
pub const MAX_FAULT_COUNT: u32 = 10_000;
/// Highest schema version an event or consumer may name.
pub const MAX_SCHEMA_VERSION: u32 = 255;
/// Largest absolute world coordinate of a node in the diagram.
pub const MAX_COORDINATE: f64 = 1.0e6;
/// Entries one partition keeps at most: size-based retention on top of `retention_s`, so that a
/// long run at a high rate keeps bounded memory (messages past the cap expire like old ones).
pub const MAX_PARTITION_LOG_LEN: usize = 1 << 17;

/// Most unsent rows an outbox table holds (131,072): while its relay cannot publish (a broker
/// down for long), a write past it fails and its event is counted `refused`.
pub const MAX_OUTBOX_ROWS: usize = 1 << 17;
/// Event ids over which a group's ledger recognises a duplicate side effect: the most recent
/// 4,194,304 (one bit each per group, 512 KiB). A redelivery of an older event is counted as a
/// side effect but can no longer be told a duplicate.
pub const DUPLICATE_SPAN_IDS: u64 = 1 << 22;
/// Most event ids an effectively-once consumer's dedup store remembers (262,144); past it the
/// oldest are forgotten before their `dedup_window_s` ends, as a size-capped idempotency table
/// would.
pub const MAX_DEDUP_KEYS: usize = 1 << 18;
/// Bytes the checkpoints of a run may hold beyond the running state (64 MiB): past it they are
/// thinned (every other one dropped, the spacing doubled), so rewinding stays exact but replays
/// further. Chunks that checkpoints share with each other or with the running state count once.
pub const CHECKPOINT_BUDGET_BYTES: usize = 64 << 20;

/// Most recent drafts a browser keeps (the UI's "Recent drafts"); saving one more drops the
/// oldest. See `editor::drafts`.
pub const MAX_DRAFTS: usize = 20;
/// Most bytes all drafts together may take in the browser's storage (key and value, UTF-8):
/// 1 MiB, well inside the 5 MB a browser gives a site, and room for more than ten drafts of the
/// largest scenario a link can carry. Saving past it drops the oldest drafts first.
pub const MAX_DRAFTS_BYTES: usize = 1 << 20;
