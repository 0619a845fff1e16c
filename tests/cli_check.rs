//! `fanout check`: runs a scenario's checks and exits 1 when one does not come out as the
//! scenario expects, 2 for a file that cannot run; `fanout run` prints the checks too.

use std::process::{Command, Output};

fn fanout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fanout")).args(args).output().expect("runs the binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = std::env::temp_dir().join(format!("fanout-check-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("writes temp file");
    path.to_string_lossy().into_owned()
}

/// The duplicate-payment lesson with `checks` instead of its own.
fn lesson_with(checks: &str) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../scenarios/03-duplicate-payment.json")).expect("json");
    v["checks"] = serde_json::from_str(checks).expect("checks json");
    v.to_string()
}

#[test]
fn a_lesson_passes_with_its_red_line_expected_and_the_time_of_its_first_violation() {
    let out = fanout(&["check", "scenarios/03-duplicate-payment.json"]);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{s}{}", text(&out.stderr));
    assert!(s.starts_with("Duplicate payment: 120 s simulated, seed 3\n"), "{s}");
    assert!(
        s.contains(
            "  FAIL  duplicate side effects at Balances (no key) = 0  (26; first violated at "
        ) && s.contains(" s)  — expected to fail\n"),
        "{s}"
    );
    assert!(s.contains("  PASS  duplicate side effects at Balances (keyed) = 0  (0)\n"), "{s}");
    assert!(s.ends_with("2 checks: 1 passed, 1 failed, as the scenario expects\n"), "{s}");
}

#[test]
fn a_failing_check_exits_1_and_a_goal_not_reached_fails_at_the_end() {
    let path = temp_file(
        "fails.json",
        &lesson_with(
            r#"[{"figure": "duplicate_side_effects", "node": 5},
                {"figure": "processed", "node": 3, "op": ">=", "value": 1e9},
                {"figure": "lost"}]"#,
        ),
    );
    let out = fanout(&["check", &path, "--until", "30s"]);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{s}");
    assert!(s.contains("FAIL  duplicate side effects at Balances (no key) = 0"), "{s}");
    assert!(s.contains("FAIL  processed at Balance (no idempotency) ≥ 1,000,000,000  ("), "{s}");
    assert!(s.contains("; not reached by the end)"), "{s}");
    assert!(s.contains("PASS  nothing lost  (0)"), "{s}");
    assert!(s.contains("3 checks: 1 passed, 2 failed; 2 not as the scenario expects"), "{s}");
}

#[test]
fn a_check_expected_to_fail_that_holds_exits_1() {
    let path = temp_file(
        "holds.json",
        &lesson_with(r#"[{"figure": "duplicate_side_effects", "node": 6, "expect_fail": true}]"#),
    );
    let out = fanout(&["check", &path]);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{s}");
    assert!(s.contains("UNEXPECTED: the scenario expects it to fail"), "{s}");
}

#[test]
fn an_invalid_check_is_bad_input() {
    let path = temp_file("invalid.json", &lesson_with(r#"[{"figure": "lost", "node": 42}]"#));
    let out = fanout(&["check", &path]);
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(e.contains("checks[0].node: node 42 does not exist"), "{e}");
    let out = fanout(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("check needs a scenario file"));
}

#[test]
fn a_scenario_without_checks_passes_and_says_so() {
    let path = temp_file("none.json", &lesson_with("[]"));
    let out = fanout(&["check", &path, "--until", "1s"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("no checks"), "{}", text(&out.stdout));
}

#[test]
fn run_prints_the_checks_and_its_json_carries_them() {
    let out = fanout(&["run", "scenarios/10-delivery-guarantees.json"]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("\nchecks\n  FAIL  lost at Ledger (at-most-once) = 0"), "{s}");
    let out = fanout(&["run", "scenarios/10-delivery-guarantees.json", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 5);
    assert_eq!(checks[0]["sentence"], "lost at Ledger (at-most-once) = 0");
    assert_eq!(checks[0]["verdict"], "fails");
    assert_eq!(checks[0]["check"]["expect_fail"], true);
    assert!(checks[0]["first_violation_us"].as_u64().is_some());
    assert_eq!(checks[2]["verdict"], "holds");
}
