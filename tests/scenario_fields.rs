//! The field table against the format's documentation (issue 12): every documented setting has
//! an editor (an entry in the table the inspector draws from, or one of the few structural
//! fields edited on the canvas), every table entry is documented, and every range in the table
//! is what validation enforces.

use std::collections::BTreeSet;

use fanout::scenario::fields::{self, Fields};
use fanout::scenario::{Cluster, Fault, FaultKind, NodeId, NodeKind, Scenario, Severity};

const DOC: &str = include_str!("../docs/scenario-format.md");

/// Fields edited by other means than the inspector's table: the canvas (place, connect, rename,
/// the palette's kind), the checks editor, the fault lane's choices of kind, node and instance
/// (among the scenario's nodes), the story editor's caption, highlighted nodes and pause, and
/// containers whose own settings are documented (and checked) one by one.
const STRUCTURAL: &[&str] = &[
    "version",
    "title",
    "notes",
    "nodes",
    "edges",
    "faults",
    "checks",
    "steps",
    "variant",
    "caption",
    "highlight",
    "pause",
    "id",
    "name",
    "x",
    "y",
    "kind",
    "node",
    "instance",
    "from",
    "to",
    "processing",
    "retry",
    "mappings",
    "schema_upgrade",
    "network",
    "cluster",
];

/// Documented keys of the section that starts with `heading`: the backticked names in each
/// table row's first column, and the keys of a JSON object in its meaning column (as
/// `row.key`).
fn documented(heading: &str) -> BTreeSet<String> {
    let start = DOC.find(heading).unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &DOC[start + heading.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    let mut keys = BTreeSet::new();
    for line in rest[..end].lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let names: Vec<String> = backticked(cells[0]);
        for n in &names {
            keys.insert(n.clone());
        }
        let meaning = cells.last().copied().unwrap_or_default();
        if let (Some(row), Some(open)) = (names.first(), meaning.find("{ \"")) {
            for k in json_keys(&meaning[open..]) {
                keys.insert(format!("{row}.{k}"));
            }
        }
    }
    keys
}

fn backticked(cell: &str) -> Vec<String> {
    cell.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

/// Quoted words in key position: after `{ ` or `, ` (values follow `: ` or `| `).
fn json_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let parts: Vec<&str> = text.split('"').collect();
    for i in (1..parts.len()).step_by(2) {
        let before = parts[i - 1].trim_end_matches(' ');
        if before.ends_with('{') || before.ends_with(',') {
            keys.push(parts[i].to_owned());
        }
    }
    keys
}

fn table_keys<T>(f: &Fields<T>) -> BTreeSet<String> {
    f.iter().map(|f| f.key().to_owned()).collect()
}

fn check_section(heading: &str, editors: BTreeSet<String>) {
    let docs = documented(heading);
    let missing: Vec<_> = docs
        .iter()
        .filter(|k| !editors.contains(*k) && !STRUCTURAL.contains(&k.as_str()))
        .collect();
    assert!(missing.is_empty(), "{heading}: documented but no editor: {missing:?}");
    let undocumented: Vec<_> = editors.iter().filter(|k| !docs.contains(*k)).collect();
    assert!(
        undocumented.is_empty(),
        "{heading}: editor for an undocumented field: {undocumented:?}"
    );
}

#[test]
fn every_documented_field_has_an_editor_and_every_editor_is_documented() {
    check_section("### `producer`", table_keys(fields::PRODUCER));
    check_section("### `topic` and `dead_letter_queue`", table_keys(fields::TOPIC));
    let mut group = table_keys(fields::GROUP);
    group.extend(table_keys(fields::MAPPING).into_iter().map(|k| format!("mappings.{k}")));
    check_section("### `consumer_group`, `service`, `projection`", group);
    check_section("### `database`", table_keys(fields::DATABASE));
    check_section("### `outbox`", table_keys(fields::OUTBOX));
    let mut edge = table_keys(fields::NETWORK);
    edge.insert(fields::EDGE_EVENT_TYPES.key.to_owned());
    check_section("## Edge", edge);
    check_section("## Top level", table_keys(fields::SCENARIO));
    check_section("## Fault", table_keys(fields::FAULT));
    check_section("## Cluster", table_keys(fields::CLUSTER));
    check_section("## Step", table_keys(fields::STEP));
}

/// A producer, a topic and a group, with `f` three times: as a crash of the group, a slow-down
/// of the group and a poison fault of the producer, so that each of its numbers is one that
/// some fault uses.
fn fault_probe(f: Fault) -> Scenario {
    let mut s = Scenario::from_json(
        r#"{ "nodes": [ { "id": 1, "name": "P", "kind": "producer" },
                        { "id": 2, "name": "T", "kind": "topic" },
                        { "id": 3, "name": "G", "kind": "consumer_group" } ],
             "edges": [ { "id": 1, "from": 1, "to": 2 }, { "id": 2, "from": 2, "to": 3 } ] }"#,
    )
    .expect("fault probe document");
    s.faults = vec![
        Fault { node: NodeId(3), kind: FaultKind::Crash, ..f.clone() },
        Fault { node: NodeId(3), kind: FaultKind::SlowDown, ..f.clone() },
        Fault { node: NodeId(1), kind: FaultKind::Poison, ..f.clone() },
        Fault { kind: FaultKind::BrokerCrash, ..f },
    ];
    s.cluster = Some(Box::new(Cluster { brokers: 16, ..Cluster::default() }));
    s
}

/// A document with one node of each kind and one edge, for probing ranges.
fn probe(kind: NodeKind) -> Scenario {
    let mut s = Scenario::from_json(
        r#"{ "nodes": [ { "id": 1, "name": "A", "kind": "topic" },
                        { "id": 2, "name": "B", "kind": "consumer_group" } ],
             "edges": [ { "id": 1, "from": 1, "to": 2 } ] }"#,
    )
    .expect("probe document");
    s.nodes[1].kind = kind;
    s.nodes[0].kind = NodeKind::Topic(Default::default());
    s
}

/// Range errors at `key` (rules between fields, such as a spread above the mean, aside).
fn errors_at(s: &Scenario, key: &str) -> usize {
    let range = |p: &fanout::scenario::Problem| p.message.contains("it must be");
    s.validate()
        .iter()
        .filter(|p| p.severity == Severity::Error && p.field.ends_with(key) && range(p))
        .count()
}

/// For every number of a table: its default is in range, the bounds are accepted and just
/// past them is refused, by validation itself.
fn check_ranges<T: Default + Clone>(f: &'static Fields<T>, doc: impl Fn(T) -> Scenario) {
    for n in fields::numbers(f) {
        let mut cfg = T::default();
        if let Some(d) = n.default_value() {
            assert!(d >= n.min && d <= n.max, "{}: default {d} out of range", n.key);
        }
        for (v, ok) in [(n.min, true), (n.max, true), (n.max * 1.5 + 1.0, false)] {
            (n.set)(&mut cfg, Some(v));
            if (n.get)(&cfg).is_none() {
                continue;
            }
            let errors = errors_at(&doc(cfg.clone()), n.key);
            assert_eq!(errors == 0, ok, "{} = {v}: {} errors", n.key, errors);
        }
        (n.set)(&mut cfg, Some(n.min / 2.0 - 1.0));
        if n.min > 0.0 && (n.get)(&cfg).is_some() {
            assert!(errors_at(&doc(cfg.clone()), n.key) > 0, "{} below min", n.key);
        }
    }
}

#[test]
fn validation_enforces_the_ranges_of_the_table() {
    check_ranges(fields::PRODUCER, |c| probe(NodeKind::Producer(c)));
    check_ranges(fields::TOPIC, |c| probe(NodeKind::Topic(c)));
    check_ranges(fields::GROUP, |c| probe(NodeKind::Service(c)));
    check_ranges(fields::DATABASE, |c| probe(NodeKind::Database(c)));
    check_ranges(fields::OUTBOX, |c| probe(NodeKind::Outbox(c)));
    check_ranges(fields::FAULT, fault_probe);
    check_ranges(fields::CLUSTER, |c| {
        let mut s = probe(NodeKind::ConsumerGroup(Default::default()));
        s.cluster = Some(Box::new(c));
        s
    });
    check_ranges(fields::NETWORK, |n| {
        let mut s = probe(NodeKind::ConsumerGroup(Default::default()));
        s.edges[0].network = n;
        s
    });
}

#[test]
fn an_editor_shows_values_in_its_unit_and_refuses_what_validation_refuses() {
    let delay = fields::number(fields::NETWORK, "network.delay_us").expect("delay");
    assert_eq!(delay.unit, "ms");
    assert_eq!(fields::check_shown(delay, 2.5), Ok(2_500.0), "ms typed, µs stored");
    assert!(fields::check_shown(delay, -1.0).is_err());
    let drop = fields::number(fields::NETWORK, "network.drop_probability").expect("drop");
    assert_eq!(fields::check_shown(drop, 25.0), Ok(0.25), "percent typed, share stored");
    assert!(fields::check_shown(drop, 101.0).is_err());
    let handle = fields::number(fields::PRODUCER, "handle_ms").expect("handle");
    assert!(
        fields::check_shown(handle, 120_000.0).is_ok(),
        "the inspector allows what validation does"
    );
    let retention = fields::number(fields::TOPIC, "retention_s").expect("retention");
    assert!(fields::check_shown(retention, 0.5).is_ok(), "sub-second retention is valid");
}

#[test]
fn command_like_event_types_are_told_apart_by_one_rule() {
    for (name, command) in [
        ("CreateOrder", true),
        ("OrderCreated", false),
        ("ChargeCard", true),
        ("ShipParcel", true),
        ("Shipped", false),
        ("Display", false),
    ] {
        assert_eq!(fields::looks_like_command(name), command, "{name}");
    }
}
