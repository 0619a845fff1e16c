//! Share links: a whole scenario in a URL fragment, and back.
//!
//! # Format (version 1)
//!
//! ```text
//! v1.<base64url, no padding, of: raw deflate(packed JSON) ++ Adler-32(packed JSON), 4 bytes BE>
//! ```
//!
//! * **`v1.`** names the link format, so a later format can change everything after the dot
//!   while every link already made keeps opening ([`decode`] dispatches on it).
//! * **Raw deflate** (level 10) with a preset [`DICTIONARY`] of the words and shapes every
//!   scenario shares (zlib's `deflateSetDictionary`, done with miniz's core API, which has no
//!   such call): a link spells out only what is particular to its scenario.
//! * **Adler-32** of the packed JSON (the checksum zlib uses): raw deflate has none, so without
//!   it a link with one character changed in transit could open as a *different* scenario; four
//!   bytes (five and a third characters) turn that into "damaged".
//! * **Packed JSON** is the scenario's JSON ([`Scenario::to_json`]) rewritten by three lossless
//!   steps that deflate alone does poorly on:
//!   1. every object key is replaced by its short form from [`KEYS`] (an uppercase letter and at
//!      most one lowercase letter, `"rate_per_s"` → `"Ba"`); keys not in the table are kept as
//!      they are, so a field added later travels even before it gets a short form;
//!   2. each node becomes an array `[name, x, y, kind, settings, id]` and each edge an array
//!      `[from, to, kind, other fields, id]`, where `kind` is an index into [`NODE_KINDS`] or
//!      [`EDGE_KINDS`]; trailing elements are left out when `settings`/`other fields` are `{}`
//!      and the id is the previous node's (edge's) id plus one. A node or edge with any field
//!      outside that shape stays an object (with short keys);
//!   3. a float with an integral value is written as an integer (`100.0` → `100`).
//!
//! Each step pays for itself on a 30-node scenario (5,035 bytes of JSON): deflate alone gives a
//! 1,574-character link, packing brings it to 1,021 and the dictionary to 798
//! (`BENCHMARKS.md` has the figures).
//!
//! The tables and the dictionary are part of the v1 format. Table entries are **never changed,
//! removed or reordered, only appended** (a link made with a newer table then just carries keys
//! an older build ignores, as it ignores unknown fields in files); the dictionary never changes.
//!
//! # Versions and migrations
//!
//! Two versions meet in a link. The *link* version (`v1.`) says how the body is packed: a future
//! `v2.` gets its own `decode_v2` next to `decode_v1`, and `v1.` links keep going through
//! `decode_v1` forever. The *scenario* version (the `version` field inside) says what the fields
//! mean: the unpacked document goes through [`Scenario::from_json`], the one place that reads
//! (and will migrate) scenario documents, whether they come from a file, autosave or a link.
//! `tests/link_golden.rs` holds links made with each version and checks they still open.
//!
//! # Hostile links
//!
//! [`decode`] never panics and does a bounded amount of work: the link is at most
//! [`MAX_LINK_CHARS`] characters, inflating stops at [`MAX_JSON_BYTES`], node, edge and fault
//! counts are checked against their limits before any scenario is built, and the result must pass
//! [`Scenario::validate`] without errors, so what comes out can be run as it is. Names are data:
//! they come back verbatim, whatever they contain (the UI renders them as text).
//!
//! [`decode_lenient`] makes every one of those checks but the last: the URL fragment holds
//! whatever the user is building, a call cycle or a dangling subscription included, and
//! reopening the page must bring it back as it was, problems and all (the UI lists them). What it
//! returns has the right shape and is within every size limit, but it may not run.

use super::limits::{MAX_CHECKS, MAX_EDGES, MAX_FAULTS, MAX_JSON_BYTES, MAX_NODES};
use super::{Problem, Scenario, ScenarioError, Severity};
use base64::engine::general_purpose::{URL_SAFE_NO_PAD, URL_SAFE_NO_PAD_INDIFFERENT};
use base64::Engine;
use miniz_oxide::deflate::core::{
    compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde_json::{Map, Number, Value};
use std::fmt;

/// Newest link format this build writes and reads (the `v1.` prefix).
pub const LINK_VERSION: u32 = 1;

/// Longest link [`decode`] looks at, in characters (64 KiB). The largest scenario a link can
/// carry is bounded by [`MAX_JSON_BYTES`] anyway; this refuses absurd input before any work.
/// Real links are far shorter: a 30-node scenario takes under 1,000 characters.
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// Deflate effort, 0..=10 (miniz's highest). Links are small, so the slowest setting costs
/// microseconds and gives the shortest link.
const COMPRESSION_LEVEL: u8 = 10;

/// Longest version number in a prefix (`v123456789.`): enough for any future, short enough that
/// parsing it cannot overflow.
const MAX_VERSION_DIGITS: usize = 9;

/// Why a link could not be opened. [`fmt::Display`] gives one sentence a user can read; the UI
/// shows it and opens the default scenario instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than [`MAX_LINK_CHARS`].
    TooLong {
        /// Length of the link, in characters (bytes of the fragment).
        chars: usize,
    },
    /// Empty, or not of the form `v<number>.<data>`.
    NotALink,
    /// Written by a newer Fanout: a newer link format or scenario format.
    NewerVersion {
        /// The link format version (`v2.` gives 2), or the scenario's `version` field.
        found: u64,
    },
    /// The data is not what any Fanout wrote: a character was cut off, changed or added.
    Damaged {
        /// Which step failed, for developers (`base64`, `checksum`, ...); not shown to users.
        reason: &'static str,
    },
    /// Decodes to more than the limits allow.
    TooLarge {
        /// What is too large (`nodes`, `edges`, `faults`, `checks`, `bytes`).
        what: &'static str,
        /// How many there are; for `bytes`, where inflating stops at the limit, only "more".
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// The scenario inside has the wrong shape (a field of the wrong type, say).
    Unreadable(ScenarioError),
    /// The scenario inside reads but cannot run; the first error [`Scenario::validate`] found.
    Invalid(Problem),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong { chars } => write!(
                f,
                "This link is too long to be a Fanout playground ({chars} characters; links \
                 are at most {MAX_LINK_CHARS})."
            ),
            LinkError::NotALink => f.write_str(
                "This link does not hold a Fanout playground (the part after # should start \
                 with v1.).",
            ),
            LinkError::NewerVersion { .. } => f.write_str(
                "This link was made by a newer version of Fanout; reload the page to get it, \
                 then open the link again.",
            ),
            LinkError::Damaged { .. } => f.write_str(
                "This link is damaged (it was cut short or changed); ask whoever sent it for a \
                 fresh copy.",
            ),
            LinkError::TooLarge { what: "bytes", limit, .. } => write!(
                f,
                "This link's playground is too large to open (more than {limit} bytes of data)."
            ),
            LinkError::TooLarge { what, found, limit } => write!(
                f,
                "This link's playground is too large to open ({found} {what}; the limit is \
                 {limit})."
            ),
            LinkError::Unreadable(e) => {
                write!(f, "This link's playground cannot be read ({e}).")
            }
            LinkError::Invalid(p) => write!(f, "This link's playground cannot run ({p})."),
        }
    }
}

impl std::error::Error for LinkError {}

/// The URL fragment (without `#`) that opens `s`. Deterministic: the same scenario always gives
/// the same link. A scenario that fails [`Scenario::validate`] (a NaN coordinate, say) still
/// encodes, but its link will not open.
pub fn encode(s: &Scenario) -> String {
    link_from_packed(packed_json(s).as_bytes())
}

/// The packed JSON a link carries before compression (see the module documentation): for
/// debugging a link, and for tests that build links by hand.
pub fn packed_json(s: &Scenario) -> String {
    // `to_value` is `to_json` without the detour through text; it cannot fail on plain data.
    let value = serde_json::to_value(s).unwrap_or(Value::Null);
    serde_json::to_string(&pack_document(value)).unwrap_or_default()
}

/// A `v1.` link carrying `packed` as it is: compressed, checksummed and encoded, but not
/// checked. [`encode`] is `link_from_packed(packed_json(s))`; tests use this to build hostile
/// links that pass every check up to the one they aim at.
pub fn link_from_packed(packed: &[u8]) -> String {
    let mut body = deflate(packed);
    body.extend_from_slice(&adler32(packed).to_be_bytes());
    format!("v{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(body))
}

/// The scenario a link holds. `fragment` is the URL fragment, with or without its leading `#`;
/// surrounding whitespace (from copy and paste) is ignored. Every link any Fanout version wrote
/// opens here, or is refused with a reason; nothing panics, and the work is bounded (see the
/// module documentation).
pub fn decode(fragment: &str) -> Result<Scenario, LinkError> {
    decode_with(fragment, Semantics::MustRun)
}

/// The scenario a link holds, even if it cannot run: [`decode`] without its last step, the
/// [`Scenario::validate`] check. Everything else is the same (prefix, checksum, size and count
/// limits, the document's shape through [`Scenario::from_json`]), so a hostile link is refused
/// just as surely and the work stays bounded; only a scenario with semantic problems (a call
/// cycle, an edge to a node that is gone, a value out of range) comes back instead of
/// [`LinkError::Invalid`]. For the editor's own URL fragment, which holds unfinished work: the
/// caller shows `validate()`'s problems and runs the scenario only once they are fixed.
pub fn decode_lenient(fragment: &str) -> Result<Scenario, LinkError> {
    decode_with(fragment, Semantics::MayBeInvalid)
}

/// Whether a decoded scenario must pass [`Scenario::validate`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Semantics {
    /// Refuse a scenario with errors ([`decode`]).
    MustRun,
    /// Return it with its errors ([`decode_lenient`]).
    MayBeInvalid,
}

fn decode_with(fragment: &str, semantics: Semantics) -> Result<Scenario, LinkError> {
    let text = fragment.trim();
    let text = text.strip_prefix('#').unwrap_or(text);
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong { chars: text.len() });
    }
    let (prefix, body) = text.split_once('.').ok_or(LinkError::NotALink)?;
    let digits = prefix.strip_prefix('v').ok_or(LinkError::NotALink)?;
    if digits.is_empty()
        || digits.len() > MAX_VERSION_DIGITS
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(LinkError::NotALink);
    }
    let version: u32 = digits.parse().map_err(|_| LinkError::NotALink)?;
    match version {
        1 => decode_v1(body, semantics),
        v if v > LINK_VERSION => Err(LinkError::NewerVersion { found: u64::from(v) }),
        _ => Err(LinkError::NotALink),
    }
}

/// Decodes the body of a `v1.` link (the part after the prefix).
fn decode_v1(body: &str, semantics: Semantics) -> Result<Scenario, LinkError> {
    // Padding is never written, but tolerated: some tools "repair" base64 they see.
    let bytes = URL_SAFE_NO_PAD_INDIFFERENT
        .decode(body)
        .map_err(|_| LinkError::Damaged { reason: "base64" })?;
    let split = bytes.len().checked_sub(4).ok_or(LinkError::Damaged { reason: "too short" })?;
    let (compressed, checksum) = bytes.split_at(split);
    let json = inflate(compressed, MAX_JSON_BYTES)?;
    if checksum != adler32(&json).to_be_bytes() {
        return Err(LinkError::Damaged { reason: "checksum" });
    }
    // serde_json refuses nesting deeper than 128, so the recursion below is bounded too.
    let packed: Value =
        serde_json::from_slice(&json).map_err(|_| LinkError::Damaged { reason: "json" })?;
    check_counts(&packed)?;
    let document = unpack_document(packed).map_err(|reason| LinkError::Damaged { reason })?;
    let text =
        serde_json::to_string(&document).map_err(|_| LinkError::Damaged { reason: "json" })?;
    let scenario = Scenario::from_json(&text).map_err(|e| match e {
        ScenarioError::UnsupportedVersion { found } => LinkError::NewerVersion { found },
        ScenarioError::TooLarge { bytes } => {
            LinkError::TooLarge { what: "bytes", found: bytes, limit: MAX_JSON_BYTES }
        }
        other => LinkError::Unreadable(other),
    })?;
    if semantics == Semantics::MayBeInvalid {
        return Ok(scenario);
    }
    let mut problems = scenario.validate().into_iter().chain(scenario.variant_problems());
    match problems.find(|p| p.severity == Severity::Error) {
        Some(problem) => Err(LinkError::Invalid(problem)),
        None => Ok(scenario),
    }
}

/// Refuses a document with more nodes, edges or faults than the limits before anything is built
/// from it: counting array elements is cheap, deserialising and validating 10,000 nodes is not.
fn check_counts(packed: &Value) -> Result<(), LinkError> {
    let Value::Object(doc) = packed else { return Ok(()) };
    // The variant's lists count against the same limits (a variant inside it is refused later).
    if let Some(variant) =
        [short_key("variant"), "variant".to_owned()].iter().find_map(|k| doc.get(k))
    {
        if variant.get("variant").is_none() && variant.get(short_key("variant")).is_none() {
            check_counts(variant)?;
        }
    }
    for (what, limit) in
        [("nodes", MAX_NODES), ("edges", MAX_EDGES), ("faults", MAX_FAULTS), ("checks", MAX_CHECKS)]
    {
        // The encoder writes the short key; a hand-made link could use the long one.
        let found = [short_key(what), what.to_owned()]
            .iter()
            .filter_map(|key| doc.get(key).and_then(Value::as_array))
            .map(Vec::len)
            .sum::<usize>();
        if found > limit {
            return Err(LinkError::TooLarge { what, found, limit });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Compression: raw deflate with a preset dictionary, and a checksum.
// ---------------------------------------------------------------------------------------------

/// Text deflate may refer back to as if it came just before the packed JSON: a link then spells
/// out only what is particular to its scenario, and the shapes and words every scenario shares
/// cost a back-reference each, even the first time (zlib's `deflateSetDictionary`). It holds the
/// packed form of a typical scenario (nearest the data, where references are cheapest), the
/// enum values, then names and words from the gallery and `VOCABULARY.md`. It saves about a
/// quarter of a link. **Part of the v1 format: never edit it** (a `v2.` link may bring a new one).
pub const DICTIONARY: &str = concat!(
    // Prose of titles and notes.
    "The  the  and  of  to  a  is  in  it  its  on  with  without  when  then  each  every  one ",
    " two  from  by  as  so  not  but This scenario shows how  event  events  message  messages ",
    " is retried  are lost  duplicates  lag grows and drains  consumer group  partitions  per key ",
    " order  retention  backoff  jitter  dead-letter queue  poison message  idempotency key ",
    " at-least-once  at-most-once  effectively-once  side effect  crash  down for  slow  replay ",
    " read model  projection  outbox  relay  synchronous  asynchronous  latency  throughput ",
    " choreography  service  services  database  topic  producer  consumer  schema version. ",
    // Node names and event types.
    "Order service Orders DB Order history Checkout Sign-up Welcome email Notification Email ",
    "Profile Analytics Billing sync Fraud Inventory Shipping Payment Search Audit log Customer ",
    "Account Ledger Balance Report Cart Invoice orders payments users inventory shipments ",
    "notifications customers accounts -dlq outbox relay Read model OrderCreated OrderPending ",
    "OrderConfirmed OrderCancelled OrderShipped PaymentAuthorized PaymentSucceeded PaymentFailed ",
    "PaymentCaptured PaymentRefunded InventoryReserved UserRegistered ProductUpdated ",
    // Enum values.
    r#""constant""bursts""manual""zipf""hot_key""round_robin""at_most_once""effectively_once""#,
    r#""fixed""exponential""log_normal""uniform""slow_down""broker_down""rebuild""down""#,
    // A packed scenario: every node kind, common settings, edges of each kind, a fault.
    r#"{"A":1,"B":"","C":"","D":1,"E":60,"F":[["",100,100,0,{"Aa":"constant","Ba":10,"Ea":1000,"#,
    r#""Fa":"zipf","Ka":0.01,"Z":""}],["",350,300,1,{"Sa":3,"Ta":3600}],["",600,100,2,{"Ab":"#,
    r#"{"Ib":"log_normal","Jb":100},"Bb":"at_most_once","Cb":{"Mb":5,"Nb":"fixed","Ob":50,"#,
    r#""Rb":0.2},"Eb":0.1,"Ua":2,"Va":4}],["",600,300,3,{"Hb":[{"Sb":"","Tb":[""]}]}],"#,
    r#"["",800,500,4],["",800,100,5,{"Wb":50}],["",800,300,6],["",300,500,7],["",600,500,2,"#,
    r#"{"Ab":{"Jb":20}}]],"G":[[1,2,0,{"P":{"Ac":5000,"Cc":0.1}}],[2,3,1],[2,4,1],[3,5,2],"#,
    r#"[3,6,3],[4,7,0],[7,8,1],[2,9,1,{"Q":[""]}]],"H":[{"Ec":3,"M":"crash","Qa":10,"E":30}]}"#,
);

/// Raw deflate of `data` with [`DICTIONARY`] as its history: the compressor reads the
/// dictionary and flushes to a byte boundary (what it wrote so far is dropped), then compresses
/// `data`, whose matches may reach back into the dictionary.
fn deflate(data: &[u8]) -> Vec<u8> {
    let flags = create_comp_flags_from_zip_params(i32::from(COMPRESSION_LEVEL), -15, 0);
    let mut compressor = CompressorOxide::new(flags);
    let (primed, _) =
        compress_to_output(&mut compressor, DICTIONARY.as_bytes(), TDEFLFlush::Sync, |_| true);
    let mut out = Vec::with_capacity(data.len() / 2);
    let (status, _) = compress_to_output(&mut compressor, data, TDEFLFlush::Finish, |chunk| {
        out.extend_from_slice(chunk);
        true
    });
    if primed == TDEFLStatus::Okay && status == TDEFLStatus::Done {
        out
    } else {
        // Not expected with an in-memory sink; a stream without the dictionary decodes too.
        miniz_oxide::deflate::compress_to_vec(data, COMPRESSION_LEVEL)
    }
}

/// Inflates a raw deflate stream written by [`deflate`], at most `limit` bytes of it. The output
/// buffer starts with [`DICTIONARY`] so that back-references into it resolve; it grows by
/// doubling, so a bomb costs at most about `2 × limit` before it is refused.
fn inflate(compressed: &[u8], limit: usize) -> Result<Vec<u8>, LinkError> {
    let start = DICTIONARY.len();
    let mut out = Vec::with_capacity(start + 4096);
    out.extend_from_slice(DICTIONARY.as_bytes());
    out.resize(start + compressed.len().saturating_mul(4).max(1024).min(limit), 0);
    let mut decompressor = Box::<DecompressorOxide>::default();
    let mut input = compressed;
    let mut position = start;
    // The whole stream is in `compressed` (no "more input" flag), and the buffer is not a ring.
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    loop {
        let (status, read, written) =
            decompress(&mut decompressor, input, &mut out, position, flags);
        position += written;
        input = input.get(read..).unwrap_or_default();
        match status {
            TINFLStatus::Done => {
                out.truncate(position);
                out.drain(..start);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput if out.len() - start < limit => {
                let grown = (out.len() - start).saturating_mul(2).min(limit);
                out.resize(start + grown, 0);
            }
            TINFLStatus::HasMoreOutput => {
                return Err(LinkError::TooLarge { what: "bytes", found: limit, limit });
            }
            _ => return Err(LinkError::Damaged { reason: "deflate" }),
        }
    }
}

/// Adler-32 (as in zlib) of the packed JSON: four bytes at the end of a link's data so that a
/// changed character is reported as damage instead of opening a different scenario.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1_u32, 0_u32);
    // 5552 bytes is the most that can be summed before `b` could overflow a u32.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

// ---------------------------------------------------------------------------------------------
// The packing tables. Part of the v1 format: append only.
// ---------------------------------------------------------------------------------------------

/// Every object key of the scenario format, most frequent first; the key at index `i` is written
/// as [`short_key`]`(i)`. Append only: an entry's position is its short form in every v1 link.
pub const KEYS: &[&str] = &[
    // Scenario.
    "version",
    "title",
    "notes",
    "seed",
    "duration_s",
    "nodes",
    "edges",
    "faults",
    // Node and edge, used where a node or edge is written as an object.
    "id",
    "name",
    "x",
    "y",
    "kind",
    "from",
    "to",
    "network",
    "event_types",
    // Node kinds, as keys of an object-form node's `kind`.
    "producer",
    "topic",
    "consumer_group",
    "service",
    "dead_letter_queue",
    "database",
    "projection",
    "outbox",
    // Producer.
    "event_type",
    "arrival",
    "rate_per_s",
    "burst_size",
    "burst_interval_s",
    "key_space",
    "key_distribution",
    "zipf_exponent",
    "hot_key_share",
    "schema_version",
    "schema_upgrade",
    "poison_probability",
    "crash_between_write_and_publish_probability",
    "handle_ms",
    "start_s",
    "stop_s",
    "max_events",
    // Schema upgrade (also `version`).
    "at_s",
    "compatible",
    // Topic.
    "partitions",
    "retention_s",
    // Group (also `crash_between_write_and_publish_probability`).
    "instances",
    "concurrency",
    "assignment",
    "session_timeout_s",
    "rebalance_pause_s",
    "restart_s",
    "processing",
    "guarantee",
    "retry",
    "max_schema_version",
    "failure_probability",
    "crash_before_side_effect_probability",
    "crash_after_side_effect_probability",
    "mappings",
    // Processing time.
    "distribution",
    "mean_ms",
    "spread_ms",
    "sigma",
    // Retry policy.
    "max_attempts",
    "backoff",
    "initial_backoff_ms",
    "max_backoff_ms",
    "multiplier",
    "jitter",
    // Mapping.
    "input",
    "outputs",
    "otherwise",
    "otherwise_probability",
    // Database and outbox.
    "capacity_per_s",
    "relay_interval_ms",
    "relay_batch",
    "relay_crash_probability",
    // Network.
    "delay_us",
    "jitter_us",
    "drop_probability",
    "duplicate_probability",
    // Fault (also `kind`, `at_s`, `duration_s`).
    "node",
    "instance",
    "factor",
    // Added after the first v1 links (append only).
    "dedup_window_s",
    // Checks (also `node`).
    "checks",
    "figure",
    "op",
    "value",
    "expect_fail",
    // Fault: messages a `poison` or `produce` fault emits.
    "count",
    // Scenario: the story's steps (story mode).
    "steps",
    "caption",
    "highlight",
    "pause",
    // Scenario: the design it is compared with (compare mode), packed as a document itself.
    "variant",
];

/// Node kinds, by their index in a packed node. Append only.
pub const NODE_KINDS: &[&str] = &[
    "producer",
    "topic",
    "consumer_group",
    "service",
    "dead_letter_queue",
    "database",
    "projection",
    "outbox",
];

/// Edge kinds, by their index in a packed edge. Append only.
pub const EDGE_KINDS: &[&str] = &["publish", "subscribe", "dead_letter", "write", "call"];

/// Short form of `KEYS[index]`: `A`..`Z` for the first 26, then `Aa`..`Za`, `Ab`..`Zb`, ... An
/// uppercase first letter can never clash with a real field name, which is snake_case.
fn short_key_at(index: usize) -> String {
    let letter = |base: u8, n: usize| char::from(base + (n % 26) as u8);
    let mut key = String::with_capacity(2);
    key.push(letter(b'A', index));
    if index >= 26 {
        key.push(letter(b'a', index / 26 - 1));
    }
    key
}

/// The short form of a field name, or the name itself if it has none.
fn short_key(long: &str) -> String {
    match KEYS.iter().position(|k| *k == long) {
        Some(i) => short_key_at(i),
        None => long.to_owned(),
    }
}

/// The field name a key stands for; keys that are not short forms of a known field come back
/// unchanged (and serde then ignores them, as it ignores unknown fields in files).
fn long_key(key: &str) -> String {
    let bytes = key.as_bytes();
    let index = match *bytes {
        [first @ b'A'..=b'Z'] => Some(usize::from(first - b'A')),
        [first @ b'A'..=b'Z', second @ b'a'..=b'z'] => {
            Some(usize::from(first - b'A') + 26 * (usize::from(second - b'a') + 1))
        }
        _ => None,
    };
    match index.and_then(|i| KEYS.get(i)) {
        Some(long) => (*long).to_owned(),
        None => key.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Packing (encode side). Input is the serialised scenario, so every shape is known; anything
// unexpected is still handled (kept as an object) rather than assumed away.
// ---------------------------------------------------------------------------------------------

fn pack_document(value: Value) -> Value {
    let Value::Object(doc) = value else { return value };
    let packed = doc
        .into_iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("nodes", Value::Array(nodes)) => Value::Array(pack_list(nodes, pack_node)),
                ("edges", Value::Array(edges)) => Value::Array(pack_list(edges, pack_edge)),
                // A variant holds no variant (validation refuses one), so this recurses once.
                ("variant", variant @ Value::Object(_)) => pack_document(variant),
                (_, other) => pack_value(other),
            };
            (short_key(&key), value)
        })
        .collect();
    Value::Object(packed)
}

/// Packs one node or edge object, given the previous one's id: its array and its id, or the
/// object back if it does not fit the array shape.
type PackOne = fn(Map<String, Value>, u64) -> Result<(Vec<Value>, u64), Map<String, Value>>;

/// Unpacks one node or edge array, given the previous one's id: its object and its id.
type UnpackOne = fn(Vec<Value>, u64) -> Result<(Map<String, Value>, u64), &'static str>;

/// Packs each element with `pack_one(element, previous id)`; an element that does not fit the
/// array shape comes back as `Err(object)` and is packed as a plain value.
fn pack_list(items: Vec<Value>, pack_one: PackOne) -> Vec<Value> {
    let mut previous_id = 0;
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(object) => match pack_one(object, previous_id) {
                Ok((array, id)) => {
                    previous_id = id;
                    Value::Array(array)
                }
                Err(object) => pack_value(Value::Object(object)),
            },
            other => pack_value(other),
        })
        .collect()
}

/// `{"id","name","x","y","kind":{tag: settings}}` → `[name, x, y, tag, settings, id]`.
fn pack_node(
    mut node: Map<String, Value>,
    previous_id: u64,
) -> Result<(Vec<Value>, u64), Map<String, Value>> {
    let fits = node.keys().all(|k| matches!(k.as_str(), "id" | "name" | "x" | "y" | "kind"))
        && node.get("id").is_some_and(Value::is_u64)
        && node.get("name").is_none_or(Value::is_string)
        && node.contains_key("x")
        && node.contains_key("y")
        && node.get("kind").and_then(Value::as_object).is_some_and(|k| k.len() == 1);
    if !fits {
        return Err(node);
    }
    let Some((tag, settings)) = node.get_mut("kind").and_then(Value::as_object_mut).and_then(|k| {
        let tag = k.keys().next()?.clone();
        k.remove_entry(&tag)
    }) else {
        return Err(node);
    };
    let id = node.get("id").and_then(Value::as_u64).unwrap_or_default();
    let name = node.remove("name").unwrap_or_else(|| Value::String(String::new()));
    let x = pack_value(node.remove("x").unwrap_or_default());
    let y = pack_value(node.remove("y").unwrap_or_default());
    let tag = table_index(NODE_KINDS, tag);
    let settings = pack_value(settings);
    Ok((with_optional_tail(vec![name, x, y, tag], settings, id, previous_id), id))
}

/// `{"id","from","to","kind",...rest}` → `[from, to, kind, rest, id]`.
fn pack_edge(
    mut edge: Map<String, Value>,
    previous_id: u64,
) -> Result<(Vec<Value>, u64), Map<String, Value>> {
    let fits = edge.get("id").is_some_and(Value::is_u64)
        && edge.contains_key("from")
        && edge.contains_key("to")
        && edge.get("kind").is_some_and(Value::is_string);
    if !fits {
        return Err(edge);
    }
    let id = edge.remove("id").and_then(|v| v.as_u64()).unwrap_or_default();
    let from = edge.remove("from").unwrap_or_default();
    let to = edge.remove("to").unwrap_or_default();
    let kind = match edge.remove("kind") {
        Some(Value::String(kind)) => table_index(EDGE_KINDS, kind),
        other => other.unwrap_or_default(),
    };
    let rest = pack_value(Value::Object(edge));
    Ok((with_optional_tail(vec![from, to, kind], rest, id, previous_id), id))
}

/// Appends `[extra, id]`, leaving out the id when it is `previous_id + 1` and then `extra` when
/// it is `{}`.
fn with_optional_tail(mut head: Vec<Value>, extra: Value, id: u64, previous_id: u64) -> Vec<Value> {
    let implicit_id = previous_id.checked_add(1) == Some(id);
    let empty_extra = extra.as_object().is_some_and(Map::is_empty);
    if !implicit_id {
        head.extend([extra, Value::from(id)]);
    } else if !empty_extra {
        head.push(extra);
    }
    head
}

/// The index of `name` in `table` as a number, or the name itself if it is not there.
fn table_index(table: &[&str], name: String) -> Value {
    match table.iter().position(|t| *t == name) {
        Some(i) => Value::from(i),
        None => Value::String(name),
    }
}

/// Short keys everywhere below, integral floats as integers.
fn pack_value(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            Value::Object(object.into_iter().map(|(k, v)| (short_key(&k), pack_value(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(pack_value).collect()),
        Value::Number(n) => Value::Number(shrink_number(n)),
        other => other,
    }
}

/// `100.0` → `100` when that is exact (|v| ≤ 2^53, not −0). Reading `100` into an `f64` field
/// gives back exactly `100.0`, so this loses nothing.
fn shrink_number(n: Number) -> Number {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match n.as_f64() {
        Some(v)
            if n.is_f64()
                && v.fract() == 0.0
                && v.abs() <= EXACT
                && !(v == 0.0 && v.is_sign_negative()) =>
        {
            // In range and integral, so the conversion is exact.
            #[allow(clippy::cast_possible_truncation)]
            Number::from(v as i64)
        }
        _ => n,
    }
}

// ---------------------------------------------------------------------------------------------
// Unpacking (decode side). Input is untrusted: every access is checked, and a shape no encoder
// writes is an error (`&'static str` says which, for `LinkError::Damaged`).
// ---------------------------------------------------------------------------------------------

fn unpack_document(value: Value) -> Result<Value, &'static str> {
    unpack_document_at(value, true)
}

/// Unpacks a scenario document; at the top (`outer`) its `variant` is a packed document too.
/// Only one level: a variant inside the variant is left as it is, and refused by
/// [`Scenario::from_json`].
fn unpack_document_at(value: Value, outer: bool) -> Result<Value, &'static str> {
    let Value::Object(doc) = value else { return Err("document is not an object") };
    let mut out = Map::new();
    for (key, value) in doc {
        let key = long_key(&key);
        let value = match (key.as_str(), value) {
            ("nodes", Value::Array(nodes)) => Value::Array(unpack_list(nodes, unpack_node)?),
            ("edges", Value::Array(edges)) => Value::Array(unpack_list(edges, unpack_edge)?),
            ("variant", variant @ Value::Object(_)) if outer => unpack_document_at(variant, false)?,
            (_, other) => unpack_value(other),
        };
        out.insert(key, value);
    }
    Ok(Value::Object(out))
}

fn unpack_list(items: Vec<Value>, unpack_one: UnpackOne) -> Result<Vec<Value>, &'static str> {
    let mut previous_id = 0;
    items
        .into_iter()
        .map(|item| match item {
            Value::Array(array) => {
                let (object, id) = unpack_one(array, previous_id)?;
                previous_id = id;
                Ok(Value::Object(object))
            }
            Value::Object(_) => Ok(unpack_value(item)),
            _ => Err("list item is neither an array nor an object"),
        })
        .collect()
}

/// `[name, x, y, tag, settings?, id?]` → a node object.
fn unpack_node(
    array: Vec<Value>,
    previous_id: u64,
) -> Result<(Map<String, Value>, u64), &'static str> {
    if !(4..=6).contains(&array.len()) {
        return Err("node array has the wrong length");
    }
    let mut items = array.into_iter();
    let name = items.next().unwrap_or_default();
    let x = items.next().unwrap_or_default();
    let y = items.next().unwrap_or_default();
    let tag = table_name(NODE_KINDS, items.next().unwrap_or_default())?;
    let settings = match items.next() {
        Some(settings) => unpack_value(settings),
        None => Value::Object(Map::new()),
    };
    let id = tail_id(items.next(), previous_id)?;
    if !name.is_string() {
        return Err("node name is not a string");
    }
    let mut kind = Map::new();
    kind.insert(tag, settings);
    let mut node = Map::new();
    node.insert("id".to_owned(), Value::from(id));
    node.insert("name".to_owned(), name);
    node.insert("x".to_owned(), x);
    node.insert("y".to_owned(), y);
    node.insert("kind".to_owned(), Value::Object(kind));
    Ok((node, id))
}

/// `[from, to, kind, rest?, id?]` → an edge object.
fn unpack_edge(
    array: Vec<Value>,
    previous_id: u64,
) -> Result<(Map<String, Value>, u64), &'static str> {
    if !(3..=5).contains(&array.len()) {
        return Err("edge array has the wrong length");
    }
    let mut items = array.into_iter();
    let from = items.next().unwrap_or_default();
    let to = items.next().unwrap_or_default();
    let kind = table_name(EDGE_KINDS, items.next().unwrap_or_default())?;
    let mut edge = match items.next().map(unpack_value) {
        Some(Value::Object(rest)) => rest,
        Some(_) => return Err("edge fields are not an object"),
        None => Map::new(),
    };
    let id = tail_id(items.next(), previous_id)?;
    edge.insert("id".to_owned(), Value::from(id));
    edge.insert("from".to_owned(), from);
    edge.insert("to".to_owned(), to);
    edge.insert("kind".to_owned(), Value::String(kind));
    Ok((edge, id))
}

/// The explicit id at the end of a packed item, or `previous_id + 1`.
fn tail_id(id: Option<Value>, previous_id: u64) -> Result<u64, &'static str> {
    match id {
        Some(id) => id.as_u64().ok_or("id is not a whole number"),
        None => previous_id.checked_add(1).ok_or("id overflows"),
    }
}

/// The name at a table index, or a name written out in full.
fn table_name(table: &[&str], value: Value) -> Result<String, &'static str> {
    match value {
        Value::String(name) => Ok(name),
        Value::Number(n) => n
            .as_u64()
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| table.get(i))
            .map(|name| (*name).to_owned())
            .ok_or("kind index out of range"),
        _ => Err("kind is neither a name nor an index"),
    }
}

/// Long keys everywhere below. Numbers stay as they are: an integer in an `f64` field reads as
/// the same float.
fn unpack_value(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object.into_iter().map(|(k, v)| (long_key(&k), unpack_value(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(unpack_value).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_unique_and_never_clash_with_field_names() {
        let shorts: Vec<String> = (0..KEYS.len()).map(short_key_at).collect();
        for (i, short) in shorts.iter().enumerate() {
            assert!(short.starts_with(|c: char| c.is_ascii_uppercase()), "{short}");
            assert_eq!(long_key(short), KEYS[i], "{short}");
            assert_eq!(shorts.iter().filter(|s| *s == short).count(), 1, "{short}");
        }
        for (i, long) in KEYS.iter().enumerate() {
            assert!(long.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{long}");
            assert_eq!(KEYS.iter().position(|k| k == long), Some(i), "{long} twice");
        }
        assert_eq!(long_key("unknown_field"), "unknown_field");
        assert_eq!(long_key("Zz"), "Zz");
    }

    #[test]
    fn deflate_uses_the_dictionary_and_inflate_reads_streams_without_it_too() {
        let data = br#"{"A":1,"F":[["Checkout",100,100,0,{"Ba":20,"Z":"OrderCreated"}]]}"#;
        let primed = deflate(data);
        let plain = miniz_oxide::deflate::compress_to_vec(data, COMPRESSION_LEVEL);
        assert!(primed.len() < plain.len(), "{} vs {}", primed.len(), plain.len());
        assert_eq!(inflate(&primed, 1 << 10), Ok(data.to_vec()));
        assert_eq!(inflate(&plain, 1 << 10), Ok(data.to_vec()));
        assert_eq!(inflate(&deflate(b""), 1 << 10), Ok(Vec::new()));
    }

    #[test]
    fn inflate_stops_at_the_limit() {
        let data = vec![b'x'; 5_000];
        let compressed = deflate(&data);
        assert_eq!(inflate(&compressed, 5_000), Ok(data));
        for limit in [0, 10, 4_999] {
            assert_eq!(
                inflate(&compressed, limit),
                Err(LinkError::TooLarge { what: "bytes", found: limit, limit })
            );
        }
    }

    #[test]
    fn adler32_is_zlibs() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        let long: Vec<u8> = (0..100_000_u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(adler32(&long), miniz_oxide::mz_adler32_oxide(1, &long));
    }

    #[test]
    fn integral_floats_shrink_exactly() {
        let shrink = |v: f64| shrink_number(Number::from_f64(v).expect("finite")).to_string();
        assert_eq!(shrink(100.0), "100");
        assert_eq!(shrink(-20.0), "-20");
        assert_eq!(shrink(0.5), "0.5");
        assert_eq!(shrink(-0.0), "-0.0");
        assert_eq!(shrink(1e300), "1e+300");
    }
}
