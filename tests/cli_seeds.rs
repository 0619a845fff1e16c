//! `fanout run --seeds` and `fanout compare`, run as a separate process.

use std::process::{Command, Output};

fn fanout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fanout")).args(args).output().expect("runs the binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = std::env::temp_dir().join(format!("fanout-seeds-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("writes temp file");
    path.to_string_lossy().into_owned()
}

const LESSON: &str = "scenarios/01-checkout-fan-out.json";

#[test]
fn seeds_give_the_same_runs_on_one_thread_and_on_three() {
    let one = json(&fanout(&[
        "run",
        LESSON,
        "--seeds",
        "5",
        "--threads",
        "1",
        "--until",
        "20s",
        "--json",
    ]));
    let three = json(&fanout(&[
        "run",
        LESSON,
        "--seeds",
        "5",
        "--threads",
        "3",
        "--until",
        "20s",
        "--json",
    ]));
    assert_eq!(one, three);
    let runs = one["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 5);
    // Seeds are the scenario's (1) and the next four; each run is the single run of its seed.
    for (i, r) in runs.iter().enumerate() {
        assert_eq!(r["seed"], 1 + i as u64);
        let seed = (1 + i).to_string();
        let single = json(&fanout(&["run", LESSON, "--seed", &seed, "--until", "20s", "--json"]));
        assert_eq!(r["trace_hash"], single["metrics"]["trace_hash"], "seed {seed}");
        assert_eq!(r["engine_events"], single["metrics"]["engine_events"]);
    }
    assert_eq!(one["seeds"], 5);
    let produced = &one["measures"][0];
    assert_eq!(produced["label"], "Produced");
    let values: Vec<f64> = runs.iter().map(|r| r["values"][0].as_f64().expect("number")).collect();
    let mean = values.iter().sum::<f64>() / 5.0;
    assert!((produced["mean"].as_f64().expect("mean") - mean).abs() < 1e-9);
    assert!(produced["half_width"].as_f64().expect("half width") > 0.0);
    let checks = one["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 5);
    assert!(checks.iter().all(|c| c["runs"] == 5 && c["passed"].as_u64() <= Some(5)));
}

#[test]
fn seeds_print_each_figure_as_mean_plus_minus_interval() {
    let out = fanout(&["run", LESSON, "--seeds", "4", "--threads", "2", "--until", "10s"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.starts_with("Checkout fan-out: 4 seeds (1 to 4), 10 s simulated each, on 2 threads"),
        "{s}"
    );
    assert!(s.contains("Student's t, 3 degrees of freedom"), "{s}");
    let produced =
        s.lines().find(|l| l.trim_start().starts_with("Produced")).expect("a Produced line");
    assert!(produced.contains(" ± ") && produced.contains('['), "{produced}");
    assert!(s.contains("p99 request latency of Order service"), "{s}");
    assert!(s.contains("checks (seeds in which each held at the end)"), "{s}");
    assert!(s.contains("4/4  nothing lost"), "{s}");
}

#[test]
fn bad_seed_counts_and_misplaced_options_are_refused() {
    for (args, says) in [
        (vec!["run", LESSON, "--seeds", "1"], "--seeds: `1` is not a whole number from 2 to 1000"),
        (vec!["run", LESSON, "--seeds", "x"], "--seeds: `x`"),
        (vec!["run", LESSON, "--seeds", "3", "--threads", "0"], "--threads: `0`"),
        (vec!["run", LESSON, "--threads", "2"], "--threads needs --seeds"),
        (vec!["check", LESSON, "--seeds", "3"], "check runs one seed"),
        (vec!["compare", LESSON], "has no variant to compare with"),
        (vec!["compare", LESSON, LESSON, LESSON], "compare takes two scenario files"),
        (vec!["compare", LESSON, LESSON, "--seeds", "3"], "compare runs one seed"),
    ] {
        let out = fanout(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(says), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn compare_runs_both_on_one_seed_and_lists_what_differs() {
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(LESSON).expect("lesson")).expect("JSON");
    let mut b = a.clone();
    b["title"] = "Checkout fan-out, 3 partitions".into();
    b["nodes"][1]["kind"]["topic"]["partitions"] = 3.into();
    b["nodes"][5]["kind"]["consumer_group"]["instances"] = 2.into();
    let pb = temp_file("b.json", &b.to_string());
    let out = fanout(&["compare", LESSON, &pb, "--until", "60s"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("both with seed 1, 60 s simulated, run in lockstep"), "{s}");
    assert!(s.contains("orders: kind.topic.partitions: 6 → 3"), "{s}");
    assert!(s.contains("Analytics: kind.consumer_group.instances: default → 2"), "{s}");
    assert!(!s.contains("title"), "the title is not a setting: {s}");
    let v = json(&fanout(&["compare", LESSON, &pb, "--until", "60s", "--json"]));
    assert_eq!(v["differences"].as_array().map(Vec::len), Some(2));
    // A is the lesson's own run on its seed.
    let single = json(&fanout(&["run", LESSON, "--until", "60s", "--json"]));
    assert_eq!(v["a"]["trace_hash"], single["metrics"]["trace_hash"]);
    assert_ne!(v["a"]["trace_hash"], v["b"]["trace_hash"]);
    let rows = v["rows"].as_array().expect("rows");
    let produced = &rows[0];
    assert_eq!(produced["label"], "Produced");
    let diff = produced["b"].as_f64().expect("b") - produced["a"].as_f64().expect("a");
    assert_eq!(produced["difference"].as_f64(), Some(diff));
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 5, "the same five checks in both");
    assert!(checks.iter().all(|c| c["a"].is_boolean() && c["b"].is_boolean()));
    // Comparing a scenario with itself: no settings differ, every difference is zero.
    let same = json(&fanout(&["compare", LESSON, LESSON, "--until", "20s", "--json"]));
    assert_eq!(same["differences"].as_array().map(Vec::len), Some(0));
    assert!(same["rows"].as_array().expect("rows").iter().all(|r| r["difference"] == 0.0));
    assert_eq!(same["a"]["trace_hash"], same["b"]["trace_hash"]);
}

#[test]
fn compare_one_file_with_a_variant_is_compare_of_two_files() {
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(LESSON).expect("lesson")).expect("JSON");
    let mut b = a.clone();
    b["nodes"][1]["kind"]["topic"]["partitions"] = 3.into();
    let mut both = a.clone();
    both["variant"] = b.clone();
    let (pb, pboth) =
        (temp_file("vb.json", &b.to_string()), temp_file("both.json", &both.to_string()));
    let two = json(&fanout(&["compare", LESSON, &pb, "--until", "30s", "--json"]));
    let one = json(&fanout(&["compare", &pboth, "--until", "30s", "--json"]));
    for key in ["differences", "rows", "checks", "seed"] {
        assert_eq!(one[key], two[key], "{key}");
    }
    assert_eq!(one["a"]["trace_hash"], two["a"]["trace_hash"]);
    assert_eq!(one["b"]["trace_hash"], two["b"]["trace_hash"]);
    assert_ne!(one["a"]["trace_hash"], one["b"]["trace_hash"], "3 partitions run differently");
    let t = text(&fanout(&["compare", &pboth, "--until", "30s"]).stdout);
    assert!(t.contains("orders: kind.topic.partitions: 6 → 3"), "{t}");
    assert!(t.contains("(variant)"), "B is named as the file's variant: {t}");
}
