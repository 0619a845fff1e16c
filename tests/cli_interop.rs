//! `fanout export` and `fanout import` (issue 16): the files they write, and their errors.

use std::process::{Command, Output};

fn fanout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fanout")).args(args).output().expect("runs the binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("fanout-cli-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name).to_string_lossy().into_owned()
}

const LESSON: &str = "scenarios/07-outbox.json";

#[test]
fn export_mermaid_prints_a_flowchart_or_writes_it() {
    let out = fanout(&["export", "--format", "mermaid", LESSON]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("flowchart LR\n"));
    let file = temp("outbox.mmd");
    let out = fanout(&["export", "--format", "mermaid", LESSON, "-o", &file]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&file).expect("written").contains("[[\"Outbox + relay\"]]"));
}

#[test]
fn export_asyncapi_then_import_gives_back_the_scenario_file() {
    let dir = temp("outbox-asyncapi");
    let out = fanout(&["export", "--format", "asyncapi", LESSON, "-o", &dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert!(files.len() >= 3 && files.iter().all(|f| f.ends_with(".yaml")), "{files:?}");
    let scenario = temp("outbox.json");
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", &scenario]);
    let out = fanout(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("assumed:"), "{}", text(&out.stdout));
    let original =
        fanout::scenario::Scenario::from_json(&std::fs::read_to_string(LESSON).unwrap_or_default());
    let back = fanout::scenario::Scenario::from_json(
        &std::fs::read_to_string(&scenario).unwrap_or_default(),
    );
    assert_eq!(back.expect("reads"), original.expect("reads"));
    // The stream form (stdout) imports the same.
    let stream = temp("outbox.yaml");
    let out = fanout(&["export", "--format", "asyncapi", LESSON]);
    std::fs::write(&stream, &out.stdout).expect("writes");
    let out = fanout(&["import", &stream]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), std::fs::read_to_string(&scenario).expect("file").trim());
}

#[test]
fn import_lists_its_assumptions_and_errors_name_the_file() {
    let scenario = temp("shop.json");
    let out = fanout(&["import", "tests/asyncapi/shop.yaml", "-o", &scenario]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("4 nodes, 3 edges"), "{stdout}");
    assert!(stdout.contains("assumed: fraud-audit: Mean processing time 10 ms"), "{stdout}");
    let out = fanout(&["validate", &scenario]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = fanout(&["import", "tests/asyncapi/invalid/asyncapi-2.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr)
        .starts_with("error: tests/asyncapi/invalid/asyncapi-2.yaml: this is AsyncAPI 2.6.0"));
    let out = fanout(&["export", "--format", "svg", LESSON]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`svg` is not a format; use mermaid or asyncapi"));
    let out = fanout(&["export", LESSON]);
    assert!(text(&out.stderr).contains("export needs --format mermaid or --format asyncapi"));
}
