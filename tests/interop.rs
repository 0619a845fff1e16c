//! AsyncAPI and Mermaid (issue 16): scenario → AsyncAPI → scenario gives the same scenario and
//! the same run, the documents under tests/asyncapi/ import as their shapes say, a file that is
//! not AsyncAPI 3.0 gets a clear message, and no input makes the importer panic.

mod random_world;
#[allow(dead_code)]
mod trace_support;

use fanout::engine::Simulation;
use fanout::interop::{self, import::import_documents, yaml};
use fanout::scenario::{gallery, EdgeKind, NodeKind, NodeKindTag, Scenario};
use proptest::prelude::*;

fn trace_hash(s: &Scenario, until_us: u64) -> u64 {
    let mut sim = Simulation::new(s).expect("runs");
    sim.advance_to(until_us);
    sim.trace_hash()
}

/// Export as one YAML stream and import it back.
fn round_trip(s: &Scenario) -> Scenario {
    let text = interop::documents_to_yaml(&interop::to_asyncapi(s));
    let back = interop::import_text(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(back.assumed.is_empty(), "a Fanout export needs no assumption: {:?}", back.assumed);
    back.scenario
}

fn sorted(mut s: Scenario) -> Scenario {
    s.nodes.sort_by_key(|n| n.id);
    s.edges.sort_by_key(|e| e.id);
    s
}

#[test]
fn gallery_and_coverage_scenarios_come_back_the_same_with_the_same_trace_hash() {
    let mut all: Vec<(String, Scenario)> =
        gallery::all().into_iter().map(|e| (e.slug.to_owned(), e.scenario)).collect();
    all.extend(trace_support::coverage_scenarios().into_iter().map(|(n, s)| (n.to_owned(), s)));
    for (name, s) in all {
        let back = round_trip(&s);
        assert_eq!(back, sorted(s.clone()), "{name}");
        assert_eq!(trace_hash(&back, 10_000_000), trace_hash(&s, 10_000_000), "{name}");
    }
}

#[test]
fn each_document_on_its_own_is_json_or_yaml_and_all_of_them_together_are_the_scenario() {
    let s = gallery::find("poison-message-and-dlq").expect("lesson").scenario;
    let docs = interop::to_asyncapi(&s);
    // Producer, two shipping groups: one document each; databases ride in x-fanout-scenario.
    assert_eq!(docs.len(), 3);
    let as_json: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| interop::import::parse_text(&d.value.to_string()).expect("json")[0].clone())
        .collect();
    assert_eq!(import_documents(&as_json).expect("imports").scenario, sorted(s.clone()));
    let as_yaml: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| yaml::parse_stream(&yaml::to_yaml(&d.value)).expect("yaml")[0].clone())
        .collect();
    assert_eq!(as_json, as_yaml, "YAML writes and reads back every value");
    // Shared channel definitions: `orders` is defined alike in every document that uses it.
    let orders: Vec<&serde_json::Value> =
        docs.iter().filter_map(|d| d.value["channels"].get("orders")).collect();
    assert_eq!(orders.len(), 3);
    assert!(orders.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(orders[0]["bindings"]["kafka"]["partitions"], 3);
    let shipping = &docs[1].value;
    let op = shipping["operations"].as_object().expect("ops").values().next().expect("op");
    assert_eq!(op["action"], "receive");
    assert_eq!(op["bindings"]["kafka"]["groupId"]["enum"][0], "Shipping (no backoff)");
    let key = &docs[0].value["components"]["messages"]["OrderPaid"]["bindings"]["kafka"]["key"];
    assert_eq!(key["maximum"], 999, "the producer's 1000 keys");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random worlds (outboxes, services, dead-letter queues, faults, network settings).
    #[test]
    fn random_worlds_come_back_the_same(w in random_world::world()) {
        let (s, _) = random_world::build(&w);
        let back = round_trip(&s);
        prop_assert_eq!(&back, &sorted(s.clone()));
        prop_assert_eq!(trace_hash(&back, 5_000_000), trace_hash(&s, 5_000_000));
    }

    /// Arbitrary text never panics the importer.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = interop::import_text(&text);
    }

    /// Nor does an exported document with some bytes changed.
    #[test]
    fn damaged_exports_never_panic(cuts in proptest::collection::vec((0usize..6000, any::<u8>()), 1..8)) {
        let s = gallery::find("order-lifecycle").expect("lesson").scenario;
        let mut bytes = interop::documents_to_yaml(&interop::to_asyncapi(&s)).into_bytes();
        for (at, b) in cuts {
            let i = at % bytes.len();
            let noise = b" :-\n{}[]&*#'\"!|>0x";
            bytes[i] = noise[usize::from(b) % noise.len()];
        }
        let _ = interop::import_text(&String::from_utf8_lossy(&bytes));
    }
}

fn import_files(names: &[&str]) -> interop::Imported {
    let mut docs = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(format!("tests/asyncapi/{name}")).expect("file");
        docs.extend(interop::import::parse_text(&text).unwrap_or_else(|e| panic!("{name}: {e}")));
    }
    import_documents(&docs).unwrap_or_else(|e| panic!("{names:?}: {e}"))
}

fn node<'a>(s: &'a Scenario, name: &str) -> &'a fanout::scenario::Node {
    s.nodes.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("no node {name}"))
}

#[test]
fn a_service_document_with_refs_bindings_and_anchors_imports_as_its_shape_says() {
    let imported = import_files(&["shop.yaml"]);
    let s = &imported.scenario;
    assert!(s.is_runnable(), "{:?}", s.validate());
    assert_eq!(s.title, "Order service");
    // Channels → topics with the Kafka binding's partitions and retention; the merge key (<<)
    // brings in the anchored defaults without overriding what the mapping says.
    let orders = node(s, "shop.orders").kind.topic().expect("topic");
    assert_eq!((orders.partitions, orders.retention_s), (6, 86_400.0));
    assert_eq!(node(s, "shop.payments").kind.topic().expect("topic").partitions, 3);
    // Send + receive → a service emitting what it sends; another group id → its own group,
    // filtered to the message its operation names.
    let NodeKind::Service(service) = &node(s, "Order service").kind else { panic!("service") };
    assert_eq!(service.mappings[0].outputs, ["OrderPlaced"]);
    let audit = node(s, "fraud-audit");
    assert_eq!(audit.kind.tag(), NodeKindTag::ConsumerGroup);
    let filter = s.edges.iter().find(|e| e.to == audit.id).expect("edge");
    assert_eq!(
        (filter.kind, filter.event_types.clone()),
        (EdgeKind::Subscribe, vec!["PaymentFailed".to_owned()])
    );
    // What had to be assumed is listed, and repeated in the notes.
    assert_eq!(imported.assumed.len(), 3, "{:?}", imported.assumed);
    assert!(imported
        .assumed
        .iter()
        .any(|a| a.starts_with("fraud-audit: Mean processing time 10 ms")));
    assert!(s.notes.contains("Assumed where the documents say nothing"));
    assert!(s.notes.contains("Order service: every event it receives emits OrderPlaced"));
}

#[test]
fn several_documents_share_their_channels_by_address() {
    let imported = import_files(&["billing.yaml", "shipping.yaml"]);
    let s = &imported.scenario;
    assert!(s.is_runnable(), "{:?}", s.validate());
    let topics: Vec<&str> = s
        .nodes
        .iter()
        .filter(|n| n.kind.tag() == NodeKindTag::Topic)
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(topics, ["shop.orders", "shop.payments"], "one topic per address");
    let payments = node(s, "shop.payments").id;
    let billing = node(s, "Billing");
    assert_eq!(billing.kind.tag(), NodeKindTag::Service);
    assert!(s.edges.iter().any(|e| e.from == billing.id && e.to == payments));
    assert!(s.edges.iter().any(|e| e.from == payments && e.to == node(s, "Shipping").id));
    assert!(imported.assumed.iter().any(|a| a.contains("shop.orders: Partitions 1")));
    // Laid out: no two nodes on one spot.
    for (i, a) in s.nodes.iter().enumerate() {
        assert!(s.nodes[i + 1..].iter().all(|b| (a.x, a.y) != (b.x, b.y)));
    }
}

#[test]
fn a_producer_only_document_makes_one_producer_per_message_with_its_key_space() {
    let text = r##"{"asyncapi": "3.0.0", "info": {"title": "Checkout", "version": "1"},
      "channels": {"orders": {"address": "orders", "messages": {
        "a": {"name": "OrderPlaced", "bindings": {"kafka": {"key": {"type": "integer", "maximum": 99}}}},
        "b": {"name": "OrderCancelled"}}}},
      "operations": {"emit": {"action": "send", "channel": {"$ref": "#/channels/orders"}}}}"##;
    let imported = interop::import_text(text).expect("imports");
    let s = &imported.scenario;
    let NodeKind::Producer(placed) = &node(s, "Checkout: OrderPlaced").kind else { panic!() };
    assert_eq!((placed.event_type.as_str(), placed.key_space), ("OrderPlaced", 100));
    let NodeKind::Producer(cancelled) = &node(s, "Checkout: OrderCancelled").kind else { panic!() };
    assert_eq!(cancelled.event_type, "OrderCancelled");
    assert!(imported
        .assumed
        .iter()
        .any(|a| a.starts_with("Checkout: OrderPlaced: Rate 10 events/s")));
    assert!(s.is_runnable());
}

#[test]
fn what_is_not_asyncapi_3_gets_a_clear_message() {
    let read = |name: &str| {
        std::fs::read_to_string(format!("tests/asyncapi/invalid/{name}")).expect("file")
    };
    let e = interop::import_text(&read("asyncapi-2.yaml")).expect_err("2.6");
    assert!(e.contains("AsyncAPI 2.6.0; Fanout reads AsyncAPI 3.0"), "{e}");
    let e = interop::import_text(&read("unresolved-ref.yaml")).expect_err("ref");
    assert!(e.contains("`#/components/messages/OrderPlaced` is unresolved"), "{e}");
    let e = interop::import_text("{\"nodes\": []}").expect_err("scenario");
    assert!(e.contains("not an AsyncAPI document"), "{e}");
    let e = interop::import_text("a: [b").expect_err("yaml");
    assert!(e.starts_with("not valid YAML at line"), "{e}");
    let e = interop::import_text(&"#".repeat(2 << 20)).expect_err("size");
    assert!(e.contains("at most 1024 KB"), "{e}");
    let external = "asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\ncomponents:\n  messages:\n    A: {$ref: 'common.yaml#/A'}\n";
    let e = interop::import_text(external).expect_err("external");
    assert!(e.contains("`common.yaml#/A` is unresolved"), "{e}");
}

#[test]
fn odd_extensions_are_errors_or_ignored_never_panics() {
    let doc = |node: &str| {
        format!(
            "asyncapi: 3.0.0\ninfo: {{title: a, version: '1', x-fanout-node: {node}}}\nchannels:\n  \
             c:\n    address: c\n    bindings: {{kafka: {{partitions: 2}}}}\n    x-fanout-node: {node}\n\
             operations:\n  o: {{action: send, channel: {{$ref: '#/channels/c'}}, x-fanout-edge: {{id: 18446744073709551615}}}}\n"
        )
    };
    for node in
        ["{id: 18446744073709551615, settings: 5}", "{id: 1, kind: teapot}", "{settings: [1]}", "7"]
    {
        let _ = interop::import_text(&doc(node));
    }
}

#[test]
fn yaml_aliases_cannot_expand_a_small_file_into_a_huge_value() {
    // The "billion laughs": each level doubles the one before.
    let mut text = String::from("a0: &a0 [x, x]\n");
    for i in 1..40 {
        text.push_str(&format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
    }
    let e = yaml::parse_stream(&text).expect_err("bounded");
    assert!(e.contains("more than 200000 values"), "{e}");
    let deep: String = (0..200).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    assert!(yaml::parse_stream(&deep).expect_err("deep").contains("nested deeper than 128"));
    let flow = format!("{}1{}", "[".repeat(500), "]".repeat(500));
    assert!(yaml::parse_stream(&flow).expect_err("deep").contains("recursion limit"));
}

#[test]
fn yaml_reads_the_core_schema_and_merge_keys() {
    let v = yaml::parse_stream("base: &b {x: 1, y: two}\nm:\n  <<: *b\n  y: 3\nq: '007'\nf: 2.5\nn: ~\nt: true\n---\nsecond: 1\n")
        .expect("parses");
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["m"], serde_json::json!({"x": 1, "y": 3}));
    assert_eq!((v[0]["q"].as_str(), v[0]["f"].as_f64()), (Some("007"), Some(2.5)));
    assert!(v[0]["n"].is_null() && v[0]["t"] == true);
    let tricky = serde_json::json!({"s": ["yes", "1.0", "- a", "a: b", "#c", "", " x", "\n", "é"], "k": {}, "l": []});
    assert_eq!(yaml::parse_stream(&yaml::to_yaml(&tricky)).expect("reads")[0], tricky);
}

#[test]
fn mermaid_draws_logs_as_cylinders_dead_letters_dashed_and_filters_as_labels() {
    let s = gallery::find("poison-message-and-dlq").expect("lesson").scenario;
    let m = interop::to_mermaid(&s);
    assert!(m.starts_with("flowchart LR\n"));
    assert!(m.contains("  n2[(\"orders\")]:::topic\n"), "{m}");
    assert!(m.contains("  n7[(\"orders.DLQ\")]:::dlq\n"), "{m}");
    assert!(m.contains("  n3[\"Shipping (no backoff)\"]:::app\n"), "{m}");
    assert!(m.contains("  n3 -.->|\"dead-letter\"| n7\n"), "{m}");
    let lifecycle =
        interop::to_mermaid(&gallery::find("order-lifecycle").expect("lesson").scenario);
    assert!(
        lifecycle.lines().any(|l| l.contains("-->|\"") && !l.contains("dead-letter")),
        "{lifecycle}"
    );
    let mut odd = Scenario::empty();
    odd.nodes.push(fanout::scenario::Node::new(
        fanout::scenario::NodeId(1),
        "a \"quoted\" <b>#1</b>",
        0.0,
        0.0,
        NodeKindTag::Service.default_kind(),
    ));
    assert!(interop::to_mermaid(&odd)
        .contains("n1[\"a #quot;quoted#quot; #lt;b#gt;#35;1#lt;/b#gt;\"]:::app"));
}
