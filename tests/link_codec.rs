//! Share links: round trips, size budgets, and hostile input (fuzzing, bombs, huge graphs).
//!
//! Size figures: `cargo test --test link_codec -- --nocapture sizes`.
//!
//! The whole opening path (decode → validate → simulate one second) is fuzzed by the
//! `open_*` properties with a fixed budget of [`OPEN_CASES`] cases each, which the test command
//! runs in seconds. A longer run sets `PROPTEST_CASES` (it replaces that budget only):
//! `PROPTEST_CASES=20000 cargo test --release --test link_codec open_` (BENCHMARKS.md,
//! "Fuzzing the opening path", has the last one).

mod link_support;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use fanout::engine::Simulation;
use fanout::scenario::limits::{
    MAX_EDGES, MAX_EVENT_TYPES, MAX_FAULTS, MAX_JSON_BYTES, MAX_NODES, MAX_PARTITIONS,
};
use fanout::scenario::link::{self, LinkError, MAX_LINK_CHARS};
use fanout::scenario::*;
use proptest::prelude::*;

/// Budget of issue 6 for a 30-node scenario, in characters.
const BUDGET_30_NODES: usize = 1_000;
/// Budget of issue 6 for every gallery scenario, in characters.
const BUDGET_GALLERY: usize = 2_000;

fn gallery_scenarios() -> Vec<(String, Scenario)> {
    gallery::all().into_iter().map(|e| (e.slug.to_owned(), e.scenario)).collect()
}

fn first_error(s: &Scenario) -> Option<Problem> {
    s.validate().into_iter().find(|p| p.severity == Severity::Error)
}

/// What every outcome of `decode` must satisfy, whatever the input: an opened scenario is
/// runnable and within the limits; a refusal has a readable sentence.
fn check_outcome(outcome: &Result<Scenario, LinkError>) {
    match outcome {
        Ok(s) => {
            assert!(first_error(s).is_none(), "decode returned a scenario with errors");
            assert!(s.nodes.len() <= MAX_NODES);
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("This link"), "{message}");
            assert!(message.ends_with('.'), "{message}");
        }
    }
}

/// Decodes `text` both ways and checks how the two relate, whatever the input: `decode` is
/// exactly `decode_lenient` followed by the `validate` check, so the lenient decoder refuses
/// everything the strict one does except [`LinkError::Invalid`], and anything it opens is within
/// the limits. Returns the strict outcome, after [`check_outcome`].
fn decode_checked(text: &str) -> Result<Scenario, LinkError> {
    let strict = link::decode(text);
    let lenient = link::decode_lenient(text);
    if let Ok(s) = &lenient {
        assert!(s.nodes.len() <= MAX_NODES && s.edges.len() <= MAX_EDGES);
        assert!(s.faults.len() <= MAX_FAULTS);
    }
    let expected = lenient.and_then(|s| match first_error(&s) {
        Some(problem) => Err(LinkError::Invalid(problem)),
        None => Ok(s),
    });
    assert_eq!(strict, expected, "strict and lenient disagree on {text:?}");
    check_outcome(&strict);
    strict
}

/// [`decode_checked`] for input whose outcome does not matter, only that the checks hold.
fn check_link(text: &str) {
    let _outcome = decode_checked(text);
}

// ------------------------------------------------------------------------------------------
// Round trips and sizes
// ------------------------------------------------------------------------------------------

#[test]
fn default_and_gallery_round_trip() {
    let mut all = vec![("default".to_owned(), Scenario::default())];
    all.extend(gallery_scenarios());
    for (name, s) in all {
        let link = link::encode(&s);
        assert!(link.starts_with("v1."), "{name}: {link}");
        assert_eq!(link::decode(&link), Ok(s.clone()), "{name}");
        assert_eq!(link::encode(&s), link, "{name}: encoding is deterministic");
        // As it arrives from `location.hash`, and after a sloppy copy and paste.
        assert_eq!(link::decode(&format!("#{link}")), Ok(s.clone()), "{name}");
        assert_eq!(link::decode(&format!("  {link}\n")), Ok(s), "{name}");
    }
}

#[test]
fn hand_built_scenarios_round_trip() {
    for s in [
        link_support::thirty_nodes(),
        link_support::thirty_nodes_unfamiliar(),
        link_support::kitchen_sink(),
        Scenario::empty(),
    ] {
        assert_eq!(first_error(&s), None, "{}", s.title);
        assert_eq!(link::decode(&link::encode(&s)), Ok(s));
    }
}

#[test]
fn fields_added_after_the_golden_links_round_trip() {
    let mut s = link_support::kitchen_sink();
    for n in &mut s.nodes {
        if let NodeKind::ConsumerGroup(g) = &mut n.kind {
            g.dedup_window_s = 90.0;
        }
    }
    let link = link::encode(&s);
    assert_ne!(link, link::encode(&link_support::kitchen_sink()));
    assert_eq!(link::decode(&link), Ok(s));
}

/// Length of a link built the naive way: raw deflate of the plain compact JSON, with the same
/// prefix and checksum, to show what packing and the dictionary save.
fn naive_length(s: &Scenario) -> usize {
    let deflated = miniz_oxide::deflate::compress_to_vec(s.to_json().as_bytes(), 10);
    "v1.".len() + URL_SAFE_NO_PAD.encode([deflated, vec![0; 4]].concat()).len()
}

/// Length with packing but no dictionary.
fn packed_length_without_dictionary(s: &Scenario) -> usize {
    let deflated = miniz_oxide::deflate::compress_to_vec(link::packed_json(s).as_bytes(), 10);
    "v1.".len() + URL_SAFE_NO_PAD.encode([deflated, vec![0; 4]].concat()).len()
}

#[test]
fn sizes() {
    println!("| scenario | nodes | edges | JSON bytes | deflate only | packed | link (v1) |");
    println!("|---|---|---|---|---|---|---|");
    let print = |name: &str, s: &Scenario| {
        let length = link::encode(s).len();
        println!(
            "| {name} | {} | {} | {} | {} | {} | **{length}** |",
            s.nodes.len(),
            s.edges.len(),
            s.to_json().len(),
            naive_length(s),
            packed_length_without_dictionary(s),
        );
        length
    };
    print("default (User registered)", &Scenario::default());
    for (slug, s) in gallery_scenarios() {
        let length = print(&format!("gallery: {slug}"), &s);
        assert!(length <= BUDGET_GALLERY, "{slug}: {length} > {BUDGET_GALLERY}");
    }
    for (name, s) in [
        ("30 nodes: shop (tests/link_support)", link_support::thirty_nodes()),
        ("30 nodes: factory, unfamiliar words", link_support::thirty_nodes_unfamiliar()),
    ] {
        assert_eq!(s.nodes.len(), 30);
        let length = print(name, &s);
        assert!(length <= BUDGET_30_NODES, "{name}: {length} > {BUDGET_30_NODES}");
    }
    print("kitchen sink (every field set)", &link_support::kitchen_sink());
}

// ------------------------------------------------------------------------------------------
// Random scenarios
// ------------------------------------------------------------------------------------------

/// A coordinate on a quarter-unit grid: exactly representable, like the editor's snapped ones.
fn coordinate() -> impl Strategy<Value = f64> {
    (-40_000_i32..40_000).prop_map(|v| f64::from(v) / 4.0)
}

/// A setting with two decimals, in `0..max`.
fn decimal(max: u32) -> impl Strategy<Value = f64> {
    (0..max * 100).prop_map(|v| f64::from(v) / 100.0)
}

fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), (0_u32..=1000).prop_map(|v| f64::from(v) / 1000.0)]
}

/// Names as people type them, including markup, quotes, emoji and right-to-left text.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][a-z]{0,12}( [a-z]{1,8})?",
        "\\PC{0,24}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("\"quoted\" & 'single' \\ back".to_owned()),
        Just("\u{202e}txet desrever 🚀".to_owned()),
    ]
}

fn event_type() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{2,8}(Created|Updated|Shipped|Paid)"
}

fn group() -> impl Strategy<Value = GroupConfig> {
    (
        1_u32..=8,
        1_u32..=4,
        decimal(500),
        prop_oneof![Just(Distribution::Fixed), Just(Distribution::Exponential)],
        prop_oneof![Just(Guarantee::AtLeastOnce), Just(Guarantee::EffectivelyOnce)],
        1_u32..=10,
        probability(),
    )
        .prop_map(
            |(instances, concurrency, mean_ms, distribution, guarantee, attempts, fail)| {
                GroupConfig {
                    instances,
                    concurrency,
                    processing: ProcessingTime {
                        distribution,
                        mean_ms,
                        ..ProcessingTime::default()
                    },
                    guarantee,
                    retry: RetryPolicy { max_attempts: attempts, ..RetryPolicy::default() },
                    failure_probability: fail,
                    ..GroupConfig::default()
                }
            },
        )
}

fn node_kind() -> impl Strategy<Value = NodeKind> {
    prop_oneof![
        (event_type(), decimal(1000), 0_u32..=5000, probability()).prop_map(
            |(event_type, rate_per_s, key_space, poison_probability)| {
                NodeKind::Producer(ProducerConfig {
                    event_type,
                    rate_per_s,
                    key_space,
                    poison_probability,
                    ..ProducerConfig::default()
                })
            }
        ),
        (1_u32..=64).prop_map(|partitions| NodeKind::Topic(TopicConfig {
            partitions,
            ..TopicConfig::default()
        })),
        group().prop_map(NodeKind::ConsumerGroup),
        (group(), event_type(), event_type()).prop_map(|(g, input, output)| {
            NodeKind::Service(GroupConfig {
                mappings: vec![Mapping { input, outputs: vec![output], ..Mapping::default() }],
                ..g
            })
        }),
        Just(NodeKind::DeadLetterQueue(TopicConfig::default())),
        decimal(1000)
            .prop_map(|capacity_per_s| NodeKind::Database(DatabaseConfig { capacity_per_s })),
        group().prop_map(NodeKind::Projection),
        (1_u32..=500).prop_map(|relay_batch| NodeKind::Outbox(OutboxConfig {
            relay_batch,
            ..OutboxConfig::default()
        })),
    ]
}

/// A scenario of up to 40 nodes. Edges only go from an earlier node to a later one (so there
/// are no cycles) and only where `edge_allowed` accepts them; ids are consecutive or sparse.
fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec((name(), coordinate(), coordinate(), node_kind()), 0..40),
        prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..60),
        prop::collection::vec(0_u64..5_000, 0..3),
        any::<u64>(),
        name(),
        any::<bool>(),
        prop::option::of(decimal(3600)),
    )
        .prop_map(|(nodes, pairs, delays, seed, title, sparse_ids, duration_s)| {
            let mut s = Scenario::empty();
            s.seed = seed;
            s.title = title;
            s.duration_s = duration_s.filter(|d| *d > 0.0);
            let id = |i: usize| {
                let i = u32::try_from(i).expect("small");
                if sparse_ids {
                    3 * i + 5
                } else {
                    i + 1
                }
            };
            for (i, (name, x, y, kind)) in nodes.into_iter().enumerate() {
                s.nodes.push(Node::new(NodeId(id(i)), name, x, y, kind));
            }
            if s.nodes.len() < 2 {
                return s;
            }
            for (a, b) in pairs {
                let (a, b) = (a.index(s.nodes.len()), b.index(s.nodes.len()));
                let (from, to) = (&s.nodes[a.min(b)], &s.nodes[a.max(b)]);
                if a == b {
                    continue;
                }
                let Ok(kind) = edge_allowed(from.kind.tag(), to.kind.tag()) else { continue };
                let parked = |e: &Edge| e.from == from.id && e.kind == EdgeKind::DeadLetter;
                if kind == EdgeKind::DeadLetter && s.edges.iter().any(parked) {
                    continue;
                }
                let edge_id = if sparse_ids { s.next_edge_id().0 + 2 } else { s.next_edge_id().0 };
                let mut edge = Edge::new(EdgeId(edge_id), from.id, to.id, kind);
                if let Some(delay) = delays.get(s.edges.len() % 7) {
                    edge.network.delay_us = *delay;
                }
                s.edges.push(edge);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// A runnable scenario comes back equal; one with an error is refused with that error.
    #[test]
    fn random_scenarios_round_trip(s in scenario()) {
        let link = link::encode(&s);
        prop_assert_eq!(link::decode_lenient(&link), Ok(s.clone()));
        match (link::decode(&link), first_error(&s)) {
            (Ok(back), None) => prop_assert_eq!(back, s),
            (Err(LinkError::Invalid(problem)), Some(expected)) => prop_assert_eq!(problem, expected),
            (outcome, expected) => {
                prop_assert!(false, "decode gave {outcome:?}; validate says {expected:?}")
            }
        }
    }
}

// ------------------------------------------------------------------------------------------
// Fuzzing: random input and damaged links
// ------------------------------------------------------------------------------------------

/// One way a link gets damaged in transit or by hand.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(prop::sample::Index),
    FlipBit(prop::sample::Index, u8),
    Insert(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), 0_u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<prop::sample::Index>(), any::<char>()).prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<prop::sample::Index>().prop_map(Mutation::Delete),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Mutation::Swap(a, b)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match m {
        Mutation::Truncate(i) => bytes.truncate(i.index(bytes.len())),
        Mutation::FlipBit(i, bit) => {
            let i = i.index(bytes.len());
            bytes[i] ^= 1 << bit;
        }
        Mutation::Insert(i, c) => {
            let i = i.index(bytes.len());
            let mut buf = [0; 4];
            bytes.splice(i..i, c.encode_utf8(&mut buf).bytes());
        }
        Mutation::Delete(i) => {
            bytes.remove(i.index(bytes.len()));
        }
        Mutation::Swap(a, b) => {
            let (a, b) = (a.index(bytes.len()), b.index(bytes.len()));
            bytes.swap(a, b);
        }
    }
}

fn scenarios() -> [Scenario; 3] {
    [Scenario::default(), link_support::thirty_nodes(), link_support::kitchen_sink()]
}

fn sample_links() -> Vec<String> {
    scenarios().iter().map(link::encode).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_random_strings(text in "\\PC{0,300}") {
        check_link(&text);
        check_link(&format!("v1.{text}"));
    }

    /// Random bytes behind a valid prefix: exercises inflate on garbage.
    #[test]
    fn fuzz_random_bodies(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_link(&format!("v1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
    }

    /// Valid links damaged at the character level (what chat apps and truncating mailers do).
    #[test]
    fn fuzz_damaged_links(which in 0_usize..3, mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = sample_links()[which].clone().into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        let text = String::from_utf8_lossy(&bytes);
        check_link(&text);
    }

    /// Valid links damaged below the base64, so every damage reaches inflate and the checksum.
    /// A single changed byte must never open (the checksum catches it).
    #[test]
    fn fuzz_damaged_compressed_bytes(which in 0_usize..3, mutations in prop::collection::vec(mutation(), 1..3)) {
        let link = &sample_links()[which];
        let mut bytes = URL_SAFE_NO_PAD.decode(&link[3..]).expect("own link");
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        let outcome = decode_checked(&format!("v1.{}", URL_SAFE_NO_PAD.encode(&bytes)));
        // Damage never opens a *different* scenario. (It may open the same one: a flipped
        // bit in the unused padding bits of the last byte changes nothing.)
        if let Ok(opened) = outcome {
            prop_assert_eq!(&opened, &scenarios()[which]);
        }
    }

    /// Valid packed JSON damaged and sealed again with a correct checksum: exercises the
    /// unpacking, `from_json` and `validate` on documents no encoder wrote.
    #[test]
    fn fuzz_damaged_packed_json(which in 0_usize..3, mutations in prop::collection::vec(mutation(), 1..4)) {
        let s = &scenarios()[which];
        let mut bytes = link::packed_json(s).into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        check_link(&link::link_from_packed(&bytes));
    }
}

// ------------------------------------------------------------------------------------------
// Hostile links, one by one
// ------------------------------------------------------------------------------------------

fn seal(json: &str) -> String {
    link::link_from_packed(json.as_bytes())
}

#[test]
fn decompression_bomb_is_refused() {
    // 4 MiB of spaces deflate to a few kilobytes.
    let bomb = seal(&" ".repeat(4 << 20));
    assert!(bomb.len() < MAX_LINK_CHARS, "{}", bomb.len());
    match decode_checked(&bomb) {
        Err(LinkError::TooLarge { what: "bytes", limit, .. }) => assert_eq!(limit, MAX_JSON_BYTES),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ten_thousand_nodes_are_refused_before_building() {
    // Packed arrays, as the encoder writes them.
    let packed = format!(r#"{{"A":1,"F":[{}]}}"#, vec![r#"["",0,0,5]"#; 10_000].join(","));
    assert_eq!(
        decode_checked(&seal(&packed)),
        Err(LinkError::TooLarge { what: "nodes", found: 10_000, limit: MAX_NODES })
    );
    // Objects under the long key, as a hand-made link might.
    let long = format!(r#"{{"nodes":[{}]}}"#, vec![r#"{"kind":"database"}"#; 10_000].join(","));
    assert!(matches!(decode_checked(&seal(&long)), Err(LinkError::TooLarge { what: "nodes", .. })));
    // And through the encoder itself.
    let mut s = Scenario::empty();
    for i in 0..10_000 {
        s.nodes.push(Node::new(
            NodeId(i + 1),
            "",
            0.0,
            0.0,
            NodeKind::Database(DatabaseConfig::default()),
        ));
    }
    assert!(matches!(
        decode_checked(&link::encode(&s)),
        Err(LinkError::TooLarge { what: "nodes", .. })
    ));
}

#[test]
fn too_long_links_are_refused_unread() {
    let long = format!("v1.{}", "A".repeat(MAX_LINK_CHARS));
    assert_eq!(decode_checked(&long), Err(LinkError::TooLong { chars: MAX_LINK_CHARS + 3 }));
}

#[test]
fn prefixes() {
    let body = &link::encode(&Scenario::default())[3..];
    assert_eq!(decode_checked(""), Err(LinkError::NotALink));
    assert_eq!(decode_checked("#"), Err(LinkError::NotALink));
    assert_eq!(decode_checked(body), Err(LinkError::NotALink), "no prefix");
    assert_eq!(decode_checked(&format!("x1.{body}")), Err(LinkError::NotALink));
    assert_eq!(decode_checked(&format!("v.{body}")), Err(LinkError::NotALink));
    assert_eq!(decode_checked(&format!("v0.{body}")), Err(LinkError::NotALink));
    assert_eq!(decode_checked(&format!("v+1.{body}")), Err(LinkError::NotALink));
    assert_eq!(decode_checked(&format!("v99999999999.{body}")), Err(LinkError::NotALink));
    assert_eq!(decode_checked(&format!("v2.{body}")), Err(LinkError::NewerVersion { found: 2 }));
    assert_eq!(
        decode_checked(&format!("v123456789.{body}")),
        Err(LinkError::NewerVersion { found: 123_456_789 })
    );
    assert!(matches!(decode_checked("v1."), Err(LinkError::Damaged { .. })));
    assert!(matches!(decode_checked("v1.!!!"), Err(LinkError::Damaged { reason: "base64" })));
    // Padding some tools add is tolerated.
    let link = link::encode(&Scenario::default());
    let padding = "=".repeat((4 - (link.len() - 3) % 4) % 4);
    assert_eq!(decode_checked(&format!("{link}{padding}")), Ok(Scenario::default()));
}

#[test]
fn newer_scenario_version_inside_a_v1_link() {
    assert_eq!(decode_checked(&seal(r#"{"A":2}"#)), Err(LinkError::NewerVersion { found: 2 }));
}

#[test]
fn checksum_catches_a_changed_letter() {
    // A name changed inside the packed JSON, sealed with the original checksum.
    let s = Scenario::default();
    let good = link::encode(&s);
    let forged_json = link::packed_json(&s).replace("Sign-up", "Sign-uq");
    let forged = link::link_from_packed(forged_json.as_bytes());
    let good_bytes = URL_SAFE_NO_PAD.decode(&good[3..]).expect("own link");
    let mut forged_bytes = URL_SAFE_NO_PAD.decode(&forged[3..]).expect("own link");
    let n = forged_bytes.len();
    forged_bytes[n - 4..].copy_from_slice(&good_bytes[good_bytes.len() - 4..]);
    let forged = format!("v1.{}", URL_SAFE_NO_PAD.encode(&forged_bytes));
    assert_eq!(decode_checked(&forged), Err(LinkError::Damaged { reason: "checksum" }));
}

#[test]
fn huge_and_odd_numbers() {
    let cases = [
        // A coordinate past MAX_COORDINATE: reads, but does not validate.
        (r#"{"A":1,"F":[["a",1e300,0,5]]}"#, "invalid"),
        // Past f64: not JSON serde_json accepts.
        (r#"{"A":1,"F":[["a",1e999,0,5]]}"#, "damaged"),
        // Past u64 and u32.
        (r#"{"A":1,"D":18446744073709551616}"#, "unreadable"),
        (r#"{"A":1,"F":[["a",0,0,1,{"Sa":4294967296}]]}"#, "unreadable"),
        (r#"{"A":1,"F":[["a",0,0,1,{"Sa":1000}]]}"#, "invalid"),
        (r#"{"A":1,"F":[["a",0,0,0,{"Ba":1e12}]]}"#, "invalid"),
        (r#"{"A":1,"F":[["a",0,0,5,{},18446744073709551615],["b",0,0,5]]}"#, "damaged"),
        (r#"{"A":1,"F":[["a",0,0,99]]}"#, "damaged"),
        (r#"{"A":1,"F":[["a",0,0,-1]]}"#, "damaged"),
        (r#"{"A":1,"F":[[1,0,0,5]]}"#, "damaged"),
        (r#"{"A":1,"F":[["a",0,0]]}"#, "damaged"),
        (r#"{"A":1,"F":[["a",0,0,5,{},1,2]]}"#, "damaged"),
        (r#"{"A":1,"G":[[1,2]]}"#, "damaged"),
        (r#"{"A":1,"G":[[1,2,0,[]]]}"#, "damaged"),
        (r#"{"A":1,"G":[[1,2,0,{},-3]]}"#, "damaged"),
        (r#"{"A":1,"F":"nodes"}"#, "unreadable"),
        (r#"{"A":0}"#, "unreadable"),
        (r#"{"A":"1"}"#, "unreadable"),
        (r#"[]"#, "damaged"),
        (r#"null"#, "damaged"),
        (r#"{"A":1,"F":[["a",0,0,5]],"G":[[1,1,3]]}"#, "invalid"),
    ];
    for (json, expected) in cases {
        let outcome = decode_checked(&seal(json));
        let kind = match &outcome {
            Ok(_) => "ok",
            Err(LinkError::Invalid(_)) => "invalid",
            Err(LinkError::Damaged { .. }) => "damaged",
            Err(LinkError::Unreadable(_)) => "unreadable",
            Err(_) => "other",
        };
        assert_eq!(kind, expected, "{json}: {outcome:?}");
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!(r#"{{"A":1,"C":{}1{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(decode_checked(&seal(&deep)), Err(LinkError::Damaged { reason: "json" })));
}

#[test]
fn names_are_kept_verbatim() {
    let mut s = Scenario::default();
    let names = [
        "<script>alert(document.cookie)</script>",
        "<img src=x onerror=alert(1)>",
        "\"}],\"F\":[],\"x\":\"",
        "Robert'); DROP TABLE nodes;--",
        "\u{202e}gnp.exe",
        "\u{0}nul and \u{7f} del",
        "名前 🚀 ñ",
    ];
    for (node, name) in s.nodes.iter_mut().zip(names) {
        node.name = name.to_owned();
    }
    s.title = "</title><script>x</script>".to_owned();
    let back = decode_checked(&link::encode(&s)).expect("opens");
    assert_eq!(back, s);
    assert_eq!(back.nodes[0].name, names[0]);
}

#[test]
fn unknown_keys_are_ignored_like_unknown_fields_in_files() {
    // A field a newer build might add: long (no short form yet) or short (a later table entry).
    let packed = link::packed_json(&Scenario::default());
    let with_extra = packed.replacen('{', r#"{"future_field":[1,2],"Zz":true,"#, 1);
    assert_eq!(decode_checked(&seal(&with_extra)), Ok(Scenario::default()));
}

#[test]
fn messages_are_one_readable_sentence() {
    let problem = Problem {
        node: Some(NodeId(2)),
        edge: None,
        field: "topic.partitions".to_owned(),
        message: "is 1000; it must be from 1 to 64".to_owned(),
        severity: Severity::Error,
    };
    let errors = [
        LinkError::TooLong { chars: 70_000 },
        LinkError::NotALink,
        LinkError::NewerVersion { found: 2 },
        LinkError::Damaged { reason: "checksum" },
        LinkError::TooLarge { what: "nodes", found: 10_000, limit: 500 },
        LinkError::Unreadable(ScenarioError::UnsupportedVersion { found: 9 }),
        LinkError::Invalid(problem),
    ];
    for e in errors {
        let message = e.to_string();
        println!("{message}");
        assert!(message.starts_with("This link"), "{message}");
        assert!(message.ends_with('.'), "{message}");
        assert!(!message.contains("checksum"), "developer detail shown to users: {message}");
    }
    assert_eq!(
        LinkError::Damaged { reason: "deflate" }.to_string(),
        "This link is damaged (it was cut short or changed); ask whoever sent it for a fresh copy."
    );
}

// ------------------------------------------------------------------------------------------
// Lenient decoding: the editor's own fragment, unfinished work included
// ------------------------------------------------------------------------------------------

/// What a user might have on the canvas halfway through: two services calling each other, a
/// subscription hanging from a deleted topic, an edge to nowhere and a value out of range.
fn unfinished_work() -> Scenario {
    let mut s = Scenario::default();
    let service = || NodeKind::Service(GroupConfig::default());
    s.nodes.push(Node::new(NodeId(50), "Pricing", 0.0, 400.0, service()));
    s.nodes.push(Node::new(NodeId(51), "Discounts", 200.0, 400.0, service()));
    s.edges.push(Edge::new(EdgeId(50), NodeId(50), NodeId(51), EdgeKind::Call));
    s.edges.push(Edge::new(EdgeId(51), NodeId(51), NodeId(50), EdgeKind::Call));
    s.edges.push(Edge::new(EdgeId(52), NodeId(404), NodeId(51), EdgeKind::Subscribe));
    s.edges.push(Edge::new(EdgeId(53), NodeId(50), NodeId(405), EdgeKind::Publish));
    if let Some(NodeKind::Topic(t)) =
        s.nodes.iter_mut().map(|n| &mut n.kind).find(|k| matches!(k, NodeKind::Topic(_)))
    {
        t.partitions = 1_000;
    }
    s
}

#[test]
fn lenient_decoding_brings_back_unfinished_work_problems_and_all() {
    let s = unfinished_work();
    let problems: Vec<String> = s.validate().iter().map(ToString::to_string).collect();
    for expected in ["synchronous calls go round in a cycle", "does not exist", "partitions"] {
        assert!(problems.iter().any(|p| p.contains(expected)), "{expected}: {problems:#?}");
    }
    let link = link::encode(&s);
    // The strict decoder refuses it with the first error, as a shared link must run.
    assert_eq!(decode_checked(&link), Err(LinkError::Invalid(first_error(&s).expect("errors"))));
    // The lenient one gives it back exactly, from `location.hash` or pasted.
    assert_eq!(link::decode_lenient(&link), Ok(s.clone()));
    assert_eq!(link::decode_lenient(&format!(" #{link}\n")), Ok(s.clone()));
    assert_eq!(link::decode_lenient(&link).map(|back| back.validate()), Ok(s.validate()));
    // Runnable scenarios open the same either way.
    for s in scenarios() {
        assert_eq!(link::decode_lenient(&link::encode(&s)), Ok(s));
    }
}

#[test]
fn lenient_decoding_refuses_every_hostile_link_the_strict_one_does() {
    let body = &link::encode(&Scenario::default())[3..];
    let bomb = seal(&" ".repeat(4 << 20));
    let nodes = seal(&format!(r#"{{"A":1,"F":[{}]}}"#, vec![r#"["",0,0,5]"#; 10_000].join(",")));
    let edges = seal(&format!(r#"{{"A":1,"G":[{}]}}"#, vec!["[1,2,0]"; MAX_EDGES + 1].join(",")));
    let deep = seal(&format!(r#"{{"A":1,"C":{}1{}}}"#, "[".repeat(1_000), "]".repeat(1_000)));
    type Expected = fn(&LinkError) -> bool;
    let cases: Vec<(String, Expected)> = vec![
        (format!("v1.{}", "A".repeat(MAX_LINK_CHARS)), |e| matches!(e, LinkError::TooLong { .. })),
        (String::new(), |e| *e == LinkError::NotALink),
        (body.to_owned(), |e| *e == LinkError::NotALink),
        (format!("v2.{body}"), |e| *e == LinkError::NewerVersion { found: 2 }),
        (format!("v1.{}", &body[1..]), |e| matches!(e, LinkError::Damaged { .. })),
        (seal(r#"{"A":2}"#), |e| *e == LinkError::NewerVersion { found: 2 }),
        (bomb, |e| matches!(e, LinkError::TooLarge { what: "bytes", .. })),
        (nodes, |e| matches!(e, LinkError::TooLarge { what: "nodes", .. })),
        (edges, |e| matches!(e, LinkError::TooLarge { what: "edges", .. })),
        (deep, |e| matches!(e, LinkError::Damaged { reason: "json" })),
        (seal(r#"{"A":1,"F":"nodes"}"#), |e| matches!(e, LinkError::Unreadable(_))),
        (seal(r#"{"A":1,"F":[["a",0,0,1,{"Sa":4294967296}]]}"#), |e| {
            matches!(e, LinkError::Unreadable(_))
        }),
    ];
    for (text, expected) in cases {
        let outcome = link::decode_lenient(&text);
        assert!(
            outcome.as_ref().is_err_and(expected),
            "{}: {outcome:?}",
            &text[..text.len().min(40)]
        );
        check_link(&text);
    }
}

// ------------------------------------------------------------------------------------------
// Floats: every finite f64 comes back bit for bit (serde_json's `float_roundtrip`)
// ------------------------------------------------------------------------------------------

/// Floats that the fast, approximate parser serde_json uses by default reads back one unit in
/// the last place off: found by this test before `float_roundtrip` was turned on.
const AWKWARD_FLOATS: [f64; 14] = [
    0.1 + 0.2,
    2.638_344_616_030_823e-256,
    1.0e23,
    8.988_465_674_311_579e307,
    2.225_073_858_507_201_4e-308, // smallest normal
    2.225_073_858_507_201e-308,   // largest subnormal
    5.0e-324,                     // smallest subnormal
    f64::MAX,
    f64::EPSILON,
    9_007_199_254_740_993.0, // 2^53 + 1, rounded to 2^53
    123_456.789e-3,
    -0.000_123_456_789_012_345_67,
    1.797_693_134_862_315_7e308,
    -0.0,
];

/// A scenario carrying `values` in its node coordinates, out of range or not (lenient decoding
/// does not mind).
fn with_coordinates(values: &[f64]) -> Scenario {
    let mut s = Scenario::empty();
    for (i, pair) in values.chunks(2).enumerate() {
        let id = NodeId(u32::try_from(i).expect("few") + 1);
        let (x, y) = (pair[0], *pair.get(1).unwrap_or(&pair[0]));
        s.nodes.push(Node::new(id, "n", x, y, NodeKind::Database(DatabaseConfig::default())));
    }
    s
}

fn assert_same_bits(back: &Scenario, s: &Scenario) {
    for (a, b) in back.nodes.iter().zip(&s.nodes) {
        assert_eq!(
            (a.x.to_bits(), a.y.to_bits()),
            (b.x.to_bits(), b.y.to_bits()),
            "{} {}",
            b.x,
            b.y
        );
    }
    assert_eq!(back.nodes.len(), s.nodes.len());
}

#[test]
fn awkward_floats_round_trip_bit_for_bit() {
    let s = with_coordinates(&AWKWARD_FLOATS);
    let json = s.to_json();
    let from_file = Scenario::from_json(&json).expect("reads");
    assert_same_bits(&from_file, &s);
    let from_link = link::decode_lenient(&link::encode(&s)).expect("opens");
    assert_same_bits(&from_link, &s);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any finite f64 (any bit pattern, not only "nice" ones) survives a file and a link.
    #[test]
    fn random_floats_round_trip_bit_for_bit(bits in prop::collection::vec(any::<u64>(), 1..20)) {
        let values: Vec<f64> = bits.into_iter().map(f64::from_bits).filter(|v| v.is_finite()).collect();
        prop_assume!(!values.is_empty());
        let s = with_coordinates(&values);
        assert_same_bits(&Scenario::from_json(&s.to_json()).expect("reads"), &s);
        assert_same_bits(&link::decode_lenient(&link::encode(&s)).expect("opens"), &s);
    }
}

// ------------------------------------------------------------------------------------------
// The whole opening path: decode → validate → simulate one second
// ------------------------------------------------------------------------------------------

/// Cases per `open_*` property in the test command; `PROPTEST_CASES` replaces it for a longer
/// run (see the module documentation).
const OPEN_CASES: u32 = 128;

/// Engine events one simulated second may take before the fuzzer stops it. Documents may ask
/// for a million events per second per producer; the fuzzer checks that work is bounded per
/// event and that nothing panics, not that a huge second finishes.
const MAX_ENGINE_EVENTS: u64 = 200_000;

fn open_config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok());
    ProptestConfig {
        cases: cases.unwrap_or(OPEN_CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// What opening must give for any accepted document: `validate` and `Simulation::new` agree,
/// the engine built from it stays within the scenario limits, and one simulated second runs
/// (up to [`MAX_ENGINE_EVENTS`] events) with every group's books balanced.
fn simulate_one_second(s: &Scenario) {
    let runnable = first_error(s).is_none();
    let mut sim = match Simulation::new(s) {
        Ok(sim) => sim,
        Err(problems) => {
            assert!(!runnable, "Simulation::new refused a valid scenario: {problems:?}");
            return;
        }
    };
    assert!(runnable, "Simulation::new accepted a scenario with errors");
    let frame = sim.snapshot();
    assert!(frame.nodes.len() <= MAX_NODES && frame.edges.len() <= MAX_EDGES);
    assert!(frame.partitions.len() <= MAX_NODES * MAX_PARTITIONS as usize);
    assert!(sim.event_types().len() <= MAX_EVENT_TYPES);
    let second = 1_000_000;
    let mut ran = 0;
    while ran < MAX_ENGINE_EVENTS && sim.next_event_us().is_some_and(|t| t <= second) {
        ran += sim.step(1);
    }
    if ran < MAX_ENGINE_EVENTS {
        sim.advance_to(second);
        assert_eq!(sim.now_us(), second);
    }
    assert!(sim.events_processed() >= ran);
    sim.audit().unwrap_or_else(|e| panic!("books unbalanced after {ran} events: {e}"));
}

/// Opens a link leniently (as the app does with a visitor's link), then strictly, and runs
/// whatever opened.
fn open_link(text: &str) {
    if let Ok(s) = decode_checked(text) {
        simulate_one_second(&s);
    }
    if let Ok(s) = link::decode_lenient(text) {
        simulate_one_second(&s);
    }
}

/// Opens a file as `fanout run` and the app's import do, and runs whatever opened.
fn open_file(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if let Ok(s) = Scenario::from_json(text) {
        simulate_one_second(&s);
    }
}

proptest! {
    #![proptest_config(open_config())]

    /// Random scenarios, shared as links: what opens runs.
    #[test]
    fn open_random_scenarios(s in scenario()) {
        open_link(&link::encode(&s));
        open_file(s.to_json().as_bytes());
    }

    /// Random scenarios' links damaged in transit.
    #[test]
    fn open_damaged_links(s in scenario(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = link::encode(&s).into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        open_link(&String::from_utf8_lossy(&bytes));
    }

    /// Packed JSON of random and sample scenarios damaged, then sealed with a correct
    /// checksum, so that every damage reaches `from_json`, `validate` and the engine.
    #[test]
    fn open_damaged_packed_json(
        s in scenario(),
        which in 0_usize..4,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let s = scenarios().into_iter().nth(which).unwrap_or(s);
        let mut bytes = link::packed_json(&s).into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        open_link(&link::link_from_packed(&bytes));
    }

    /// Scenario files damaged by hand: the JSON `fanout run` and the import read.
    #[test]
    fn open_damaged_files(
        s in scenario(),
        which in 0_usize..4,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let s = scenarios().into_iter().nth(which).unwrap_or(s);
        let mut bytes = s.to_json_pretty().into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        open_file(&bytes);
    }
}

#[test]
fn every_gallery_link_opens_and_runs_a_second() {
    for (slug, s) in gallery_scenarios() {
        let opened = link::decode(&link::encode(&s)).unwrap_or_else(|e| panic!("{slug}: {e}"));
        simulate_one_second(&opened);
    }
}

/// Found by `open_random_scenarios` (shrunk): one second of this scenario panics in debug
/// builds at `src/engine/consume.rs` (`c.queued -= 1` underflows). Kept as a file so the engine
/// fix can be checked directly: `cargo run -- run tests/open_cases/engine-queued-underflow.json
/// --until 1s`.
#[test]
fn fuzzed_case_engine_queued_underflow_runs_a_second() {
    let text = include_str!("open_cases/engine-queued-underflow.json");
    let s = Scenario::from_json(text).expect("the saved case opens");
    simulate_one_second(&s);
}
