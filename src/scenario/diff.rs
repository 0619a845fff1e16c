//! The settings two scenarios differ in, in words a comparison can list: `Payment:
//! kind.consumer_group.guarantee: default → effectively_once`, `orders: kind.topic.partitions:
//! 3 → 6`, `added node Audit`.
//!
//! Nodes and edges are matched by id (a variant keeps its ids), faults and checks by position.
//! What does not change a run is left out: the title, the notes and where nodes sit on the
//! canvas. A setting left at its default is not written in the file, so it reads `default`.

use super::Scenario;
use serde_json::Value;

/// One setting that differs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// Where: a node's or edge's name and the field's path inside it, or a scenario field.
    pub path: String,
    /// The first scenario's value as JSON, `default` when left out, `—` when absent.
    pub before: String,
    /// The second scenario's value, likewise.
    pub after: String,
}

/// Every setting in which `b` differs from `a`, in the order of the file (`a`'s, then what
/// only `b` has).
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<Difference> {
    let (va, vb) = (to_value(a), to_value(b));
    let mut out = Vec::new();
    for key in ["seed", "duration_s"] {
        leaf(key.to_owned(), va.get(key), vb.get(key), &mut out);
    }
    let node_name = |s: &Scenario, id: u64| {
        s.nodes
            .iter()
            .find(|n| u64::from(n.id.0) == id)
            .map(|n| if n.name.trim().is_empty() { n.id.to_string() } else { n.name.clone() })
            .unwrap_or_else(|| format!("#{id}"))
    };
    by_id(&va, &vb, "nodes", &mut out, |id, _| node_name(if has(b, id) { b } else { a }, id));
    let edge_name = |v: &Value| {
        let end = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
        let s = if has(b, end("from")) { b } else { a };
        format!("edge {} → {}", node_name(s, end("from")), node_name(s, end("to")))
    };
    by_id(&va, &vb, "edges", &mut out, |_, v| edge_name(v));
    for (key, word) in [("faults", "fault"), ("checks", "check")] {
        let (la, lb) = (list(&va, key), list(&vb, key));
        for i in 0..la.len().max(lb.len()) {
            let name = format!("{word} {}", i + 1);
            match (la.get(i), lb.get(i)) {
                (Some(x), Some(y)) if x != y => leaf(name, Some(x), Some(y), &mut out),
                (Some(_), Some(_)) => {}
                (x, y) => presence(name, x.is_some(), y.is_some(), &mut out),
            }
        }
    }
    out
}

fn to_value(s: &Scenario) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}

fn has(s: &Scenario, id: u64) -> bool {
    s.nodes.iter().any(|n| u64::from(n.id.0) == id)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Compares the lists `key` of `a` and `b` entry by entry, matched by `id`.
fn by_id(
    a: &Value,
    b: &Value,
    key: &str,
    out: &mut Vec<Difference>,
    name: impl Fn(u64, &Value) -> String,
) {
    let id = |v: &Value| v.get("id").and_then(Value::as_u64).unwrap_or(0);
    let (la, lb) = (list(a, key), list(b, key));
    // A's ids in A's order, then those only B has: no sort (it would add one to the wasm
    // bundle), and at most MAX_NODES² comparisons.
    let mut ids: Vec<u64> = la.iter().map(id).collect();
    for i in lb.iter().map(id) {
        if !ids.contains(&i) {
            ids.push(i);
        }
    }
    let word = &key[..key.len() - 1];
    for i in ids {
        let x = la.iter().find(|v| id(v) == i);
        let y = lb.iter().find(|v| id(v) == i);
        match (x, y) {
            (Some(x), Some(y)) => walk(&name(i, y), x, y, out),
            (Some(v), None) | (None, Some(v)) => {
                presence(format!("{word} {}", name(i, v)), x.is_some(), y.is_some(), out)
            }
            (None, None) => {}
        }
    }
}

/// The fields of two objects that differ, each under `prefix: path`. Positions and ids are
/// not settings of the run.
fn walk(prefix: &str, a: &Value, b: &Value, out: &mut Vec<Difference>) {
    fn go(
        path: &str,
        a: Option<&Value>,
        b: Option<&Value>,
        top: bool,
        out: &mut Vec<(String, Option<Value>, Option<Value>)>,
    ) {
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                // x's keys, then those only y has (serde_json's maps keep keys sorted).
                let only_y = y.keys().filter(|k| !x.contains_key(*k));
                for k in x.keys().chain(only_y) {
                    if top && matches!(k.as_str(), "x" | "y" | "id") {
                        continue;
                    }
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    go(&p, x.get(k), y.get(k), false, out);
                }
            }
            _ if a != b => out.push((path.to_owned(), a.cloned(), b.cloned())),
            _ => {}
        }
    }
    let mut found = Vec::new();
    go("", Some(a), Some(b), true, &mut found);
    for (path, x, y) in found {
        leaf(format!("{prefix}: {path}"), x.as_ref(), y.as_ref(), out);
    }
}

fn leaf(path: String, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Difference>) {
    if a != b {
        let show = |v: Option<&Value>| v.map_or_else(|| "default".to_owned(), Value::to_string);
        out.push(Difference { path, before: show(a), after: show(b) });
    }
}

fn presence(path: String, before: bool, after: bool, out: &mut Vec<Difference>) {
    let word = |there: bool| if there { "present" } else { "—" }.to_owned();
    let path = match (before, after) {
        (false, true) => format!("added {path}"),
        (true, false) => format!("removed {path}"),
        _ => path,
    };
    out.push(Difference { path, before: word(before), after: word(after) });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::gallery;

    #[test]
    fn a_variant_lists_its_changed_settings_and_nothing_else() {
        let a = gallery::find("checkout-fan-out").expect("lesson").scenario;
        let mut b = a.clone();
        assert!(differences(&a, &b).is_empty());
        b.title.push_str(" (variant)");
        b.nodes[0].x += 40.0;
        assert!(differences(&a, &b).is_empty(), "title and positions are not settings");
        if let crate::scenario::NodeKind::Topic(t) = &mut b.nodes[1].kind {
            t.partitions = 3;
        }
        b.seed = 9;
        b.nodes.pop();
        let d = differences(&a, &b);
        let lines: Vec<String> =
            d.iter().map(|d| format!("{}: {} → {}", d.path, d.before, d.after)).collect();
        assert_eq!(
            lines,
            [
                "seed: 1 → 9",
                "orders: kind.topic.partitions: 6 → 3",
                "removed node Fraud check: present → —",
            ],
            "{lines:#?}"
        );
    }
}
