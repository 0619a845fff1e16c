//! The command line's error output stays readable whatever the file (issue 10, item 8): long
//! problem lists are capped, a UTF-8 byte order mark is accepted, and an unknown node kind is
//! named as such whatever the edges say.

use std::process::{Command, Output};

fn fanout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fanout")).args(args).output().expect("runs the binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, contents: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("fanout-cli-errors-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("writes temp file");
    path.to_string_lossy().into_owned()
}

/// 500 nodes and 2,000 edges that make no sense (a database feeding a producer, 2,000 times):
/// one error per edge, and one warning per producer.
fn nonsense() -> String {
    let mut nodes: Vec<String> =
        (0..250).map(|i| format!(r#"{{"id":{i},"kind":"database"}}"#)).collect();
    nodes.extend((250..500).map(|i| format!(r#"{{"id":{i},"kind":"producer"}}"#)));
    let edges: Vec<String> = (0..2000)
        .map(|i| {
            format!(r#"{{"id":{i},"from":{},"to":{},"kind":"publish"}}"#, i % 250, 250 + i % 250)
        })
        .collect();
    format!(r#"{{"nodes":[{}],"edges":[{}]}}"#, nodes.join(","), edges.join(","))
}

#[test]
fn a_long_problem_list_is_capped_with_a_count_of_the_rest() {
    let path = temp_file("nonsense.json", &nonsense());
    for command in ["validate", "run"] {
        let out = fanout(&[command, &path]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = text(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        // A heading, 20 problems and the count of the rest.
        assert_eq!(lines.len(), 22, "{command}:\n{err}");
        assert!(lines[1].starts_with("  error: edge 0: kind: "), "{err}");
        let last = lines[21];
        assert!(last.starts_with("  … and ") && last.ends_with(" more problems"), "{last}");
        assert!(err.len() < 4_000, "{command}: {} bytes", err.len());
    }
    let err = text(&fanout(&["validate", &path]).stderr);
    assert!(err.contains(": 2,000 error(s); the scenario cannot run"), "{err}");
    // 2,000 errors and 250 warnings, 20 of them listed.
    assert!(err.ends_with("  … and 2,230 more problems\n"), "{err}");
}

#[test]
fn twenty_problems_are_all_listed() {
    let edges: Vec<String> =
        (0..20).map(|i| format!(r#"{{"id":{i},"from":1,"to":2,"kind":"publish"}}"#)).collect();
    let json = format!(
        r#"{{"nodes":[{{"id":1,"kind":"database"}},{{"id":2,"kind":"topic"}}],"edges":[{}]}}"#,
        edges.join(",")
    );
    let err = text(&fanout(&["validate", &temp_file("twenty.json", &json)]).stderr);
    assert_eq!(err.lines().count(), 21, "{err}");
    assert!(!err.contains("more problem"), "{err}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let gallery = std::fs::read_to_string("scenarios/12-user-registered.json").expect("gallery");
    let path = temp_file("bom.json", &format!("\u{feff}{gallery}"));
    let out = fanout(&["validate", &path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(": ok ("), "{}", text(&out.stdout));
    let out = fanout(&["run", &path, "--until", "1s"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn an_unknown_node_kind_is_named_whatever_the_edges_say() {
    // The edges leave their kind out, so it cannot be inferred for the edge to the teapot.
    let json = r#"{"nodes":[{"id":1,"kind":"producer"},{"id":2,"kind":"teapot"}],
                   "edges":[{"id":1,"from":1,"to":2},{"id":2,"from":2,"to":1}]}"#;
    let out = fanout(&["validate", &temp_file("teapot.json", json)]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("nodes[1].kind: unknown node kind `teapot`; the kinds are"), "{err}");
    assert!(err.contains("\"topic\""), "{err}");
    assert!(!err.contains("edges"), "{err}");
    // The same in object form, and a node with no kind at all.
    let json =
        r#"{"nodes":[{"id":1,"kind":{"teapot":{"size":2}}}],"edges":[{"id":1,"from":1,"to":1}]}"#;
    let err = text(&fanout(&["validate", &temp_file("teapot2.json", json)]).stderr);
    assert!(err.contains("nodes[0].kind: unknown node kind `teapot`"), "{err}");
    let json = r#"{"nodes":[{"id":1}],"edges":[{"id":1,"from":1,"to":1}]}"#;
    let err = text(&fanout(&["validate", &temp_file("nokind.json", json)]).stderr);
    assert!(err.contains("nodes[0].kind: missing field `kind`"), "{err}");
}
