//! The command-line runner, run as a separate process.

use std::process::{Command, Output};

fn fanout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fanout")).args(args).output().expect("runs the binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = std::env::temp_dir().join(format!("fanout-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("writes temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn run_prints_the_counts_by_reason_per_group() {
    let out = fanout(&["run", "scenarios/10-delivery-guarantees.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let why = s.split("why (counts by reason over the whole run)").nth(1).expect("a why section");
    let lost = why.lines().position(|l| l.contains("(at-most-once): lost "));
    let lost = lost.unwrap_or_else(|| panic!("no at-most-once losses: {s}"));
    let line = why.lines().nth(lost + 1).unwrap_or_default();
    assert!(
        line.ends_with(
            " × at-most-once: committed at fetch, instance crashed before the side effect"
        ),
        "{s}"
    );
    let json = fanout(&["run", "scenarios/10-delivery-guarantees.json", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let reasons = &v["metrics"]["groups"][0]["outcome_reasons"][0];
    assert_eq!(reasons["reason"], "at_most_once_crash", "{reasons}");
    assert_eq!(reasons["kind"], "lost");
}

#[test]
fn run_prints_a_summary_per_group() {
    let out = fanout(&["run", "scenarios/12-user-registered.json", "--until", "30s"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("User registered: 30 s simulated, seed 12"), "{s}");
    for name in ["Welcome email", "Profile", "Analytics", "Billing sync"] {
        assert!(s.contains(name), "{s}");
    }
}

#[test]
fn run_json_is_every_metric_and_seed_changes_the_run() {
    let a = fanout(&["run", "scenarios/10-delivery-guarantees.json", "--until", "20s", "--json"]);
    assert!(a.status.success(), "{}", text(&a.stderr));
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).expect("valid JSON");
    assert_eq!(v["scenario"]["duration_s"], 20.0);
    assert_eq!(v["metrics"]["now_us"], 20_000_000);
    let groups = v["metrics"]["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 3);
    for g in groups {
        assert_eq!(g["conserved"], true);
        assert!(g["latency"]["p99_us"].is_u64());
    }
    let b = fanout(&[
        "run",
        "scenarios/10-delivery-guarantees.json",
        "--until",
        "20s",
        "--json",
        "--seed",
        "99",
    ]);
    let w: serde_json::Value = serde_json::from_slice(&b.stdout).expect("valid JSON");
    assert_eq!(w["scenario"]["seed"], 99);
    assert_ne!(v["metrics"]["trace_hash"], w["metrics"]["trace_hash"]);
    // Same seed, same run.
    let c = fanout(&["run", "scenarios/10-delivery-guarantees.json", "--until", "20s", "--json"]);
    assert_eq!(a.stdout, c.stdout);
}

#[test]
fn validate_accepts_every_gallery_file() {
    for entry in std::fs::read_dir("scenarios").expect("gallery folder") {
        let path = entry.expect("entry").path();
        let out = fanout(&["validate", &path.to_string_lossy()]);
        assert!(out.status.success(), "{}: {}", path.display(), text(&out.stderr));
    }
}

fn assert_bad_input(args: &[&str], expected: &str) {
    let out = fanout(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains(expected), "{args:?}: expected `{expected}` in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_names_the_problem_and_exits_2() {
    let malformed = temp_file("malformed.json", "{\"nodes\": [ }");
    assert_bad_input(&["run", &malformed], "not valid JSON at line 1");
    let newer = temp_file("newer.json", "{\"version\": 7}");
    assert_bad_input(&["run", &newer], "version: the scenario has format version 7");
    let wrong_type =
        temp_file("type.json", r#"{"nodes":[{"id":1,"kind":{"producer":{"rate_per_s":"lots"}}}]}"#);
    assert_bad_input(&["validate", &wrong_type], "nodes[0].kind.producer.rate_per_s");
    let out_of_range = temp_file(
        "range.json",
        r#"{"nodes":[{"id":1,"name":"Orders","kind":{"producer":{"rate_per_s":-5}}},
            {"id":2,"kind":"topic"}],"edges":[{"id":1,"from":1,"to":2}]}"#,
    );
    assert_bad_input(&["run", &out_of_range], "node 1 (Orders): producer.rate_per_s: is -5");
    assert_bad_input(&["validate", &out_of_range], "producer.rate_per_s");
    let nodes: Vec<String> = (0..600).map(|i| format!(r#"{{"id":{i},"kind":"topic"}}"#)).collect();
    let huge = temp_file("huge.json", &format!(r#"{{"nodes":[{}]}}"#, nodes.join(",")));
    assert_bad_input(&["validate", &huge], "600 nodes; the limit is");
    let big = temp_file("big.json", &" ".repeat(2 << 20));
    assert_bad_input(&["run", &big], "larger than the limit");
    assert_bad_input(&["run", "does-not-exist.json"], "cannot open");
    assert_bad_input(&["run", "scenarios/12-user-registered.json", "--until", "soon"], "--until");
    assert_bad_input(&["run", "scenarios/12-user-registered.json", "--seed", "-1"], "--seed");
    assert_bad_input(&["frobnicate"], "unknown command");
    assert_bad_input(&[], "no command");
}

#[test]
fn run_tables_keep_names_that_differ_only_at_their_end() {
    let out = fanout(&["run", "scenarios/03-duplicate-payment.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let groups = s.split("\ngroups (").nth(1).expect("a groups table");
    assert!(groups.contains("skipped"), "{s}");
    for name in ["Balance (no idempotency) ", "Balance (idempotency key) "] {
        assert!(groups.lines().any(|l| l.trim_start().starts_with(name)), "{name} in {s}");
    }
}
