//! `fanout verify --broker redis` end to end, on a real redis-server (scripts/setup.sh --test
//! installs Debian's): the delivery-guarantees and poison lessons run on the broker and their
//! figures are compared with the engine's; bad input is refused with every process cleaned up.
//!
//! Agreement here is the engine's whole range over 1,000 seeds (about its middle 99.8 %), not
//! the CLI's middle 95 %: a test that asserts several figures each inside a 95 % band would
//! fail about one CI run in ten by chance alone. The CLI's own 95 % verdict is printed in the
//! report the test writes on failure.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::process::{Command, Output};

fn fanout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fanout")).args(args).output().expect("runs the binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn redis_installed() {
    let ok =
        Command::new("redis-server").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(ok, "redis-server is missing: scripts/setup.sh --test installs it from Debian");
}

/// One broker run at a time: two runs side by side on a 2-core machine slow each other's
/// consumers, and a retry storm is a matter of timing.
static ONE_RUN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs a lesson on Redis with `--json`; exit 0 (all agree at 95 %) or 1 (one does not).
fn verify(lesson: &str, seconds: &str) -> Value {
    redis_installed();
    let _one = ONE_RUN.lock().unwrap_or_else(|e| e.into_inner());
    let out = fanout(&[
        "verify",
        "--broker",
        "redis",
        lesson,
        "--seconds",
        seconds,
        "--seeds",
        "1000",
        "--json",
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// The row of `figure` at `node`: (broker, engine min, engine max).
fn row(report: &Value, node: &str, figure: &str) -> (f64, f64, f64) {
    let rows = report["rows"].as_array().expect("rows");
    let r = rows
        .iter()
        .find(|r| r["node"] == node && r["figure"] == figure)
        .unwrap_or_else(|| panic!("no row {node} / {figure}"));
    let f = |v: &Value| v.as_f64().expect("a number");
    (f(&r["broker"]), f(&r["engine"]["min"]), f(&r["engine"]["max"]))
}

/// The broker's value of `figure` at `node`, asserted inside the engine's range over its seeds.
fn inside(report: &Value, node: &str, figure: &str) -> f64 {
    let (b, lo, hi) = row(report, node, figure);
    assert!(
        lo <= b && b <= hi,
        "{node} {figure}: the broker's {b} is outside the engine's [{lo} … {hi}]\n{report:#}"
    );
    b
}

/// The delivery-guarantees lesson on the broker for 60 s. 60 rather than 30: at 30 s the
/// lesson expects 3.6 crashes after the side effect per group, so one run in 37 (e^-3.6) would
/// show no duplicate at all; at 60 s one in 1,300.
#[test]
fn the_delivery_guarantees_lesson_on_redis_agrees_with_the_engine() {
    let r = verify("scenarios/10-delivery-guarantees.json", "60");
    let (amo, alo, eo) =
        ("Ledger (at-most-once)", "Ledger (at-least-once)", "Ledger (effectively-once)");
    assert!(
        inside(&r, alo, "duplicate side effects") > 0.0,
        "at-least-once shows duplicates\n{r:#}"
    );
    assert!(inside(&r, alo, "redelivered") > 0.0, "a crash redelivers\n{r:#}");
    assert_eq!(inside(&r, alo, "lost"), 0.0);
    assert_eq!(inside(&r, eo, "duplicate side effects"), 0.0, "effectively-once has none");
    assert_eq!(inside(&r, eo, "lost"), 0.0);
    assert!(inside(&r, amo, "lost") > 0.0, "at-most-once loses messages\n{r:#}");
    assert_eq!(inside(&r, amo, "duplicate side effects"), 0.0);
    // Produced, processed and crashes are printed, not asserted: they are the producer's and
    // the consumers' own draws rather than the delivery semantics the lesson is about, and each
    // assertion inside a 1,000-seed range adds a chance in 500 of a failure by luck alone.
}

/// The poison lesson for 20 s: without backoff, the retry storm overloads the database and
/// dead-letters far more than the poison messages; with backoff and jitter, 20 s is shorter
/// than a poison message's eight attempts, so next to nothing is parked yet. The storm's
/// dead-letter count is asserted above the calm one's but not inside the engine's range: near
/// the database's capacity it swings with the producer's Poisson draw (15–82 over 400 seeds, wider over 1,000),
/// and a run whose draw fell 2 standard deviations low parked 13 (docs/verify.md).
#[test]
fn the_poison_lesson_on_redis_agrees_with_the_engine() {
    let r = verify("scenarios/04-poison-message-and-dlq.json", "20");
    let (storm, calm) = ("Shipping (no backoff)", "Shipping (backoff + jitter)");
    let (storm_dlq, ..) = row(&r, storm, "dead-lettered");
    let calm_dlq = inside(&r, calm, "dead-lettered");
    assert!(storm_dlq > calm_dlq, "{storm_dlq} vs {calm_dlq}\n{r:#}");
    inside(&r, storm, "retried");
    inside(&r, calm, "retried");
    assert_eq!(inside(&r, storm, "lost") + inside(&r, calm, "lost"), 0.0);
    inside(&r, "Warehouse DB (storm)", "rejected writes");
    inside(&r, "Warehouse DB (calm)", "rejected writes");
}

/// Settings Redis cannot express: refused by name, exit 2, nothing started.
#[test]
fn settings_redis_cannot_express_are_refused_before_anything_starts() {
    let out = fanout(&["verify", "--broker", "redis", "scenarios/07-outbox.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("Redis cannot express") && err.contains("nothing was run"), "{err}");
    assert!(err.contains("outbox"), "{err}");
    let out = fanout(&["verify", "--broker", "nats", "scenarios/10-delivery-guarantees.json"]);
    assert!(text(&out.stderr).contains("not implemented yet"), "{}", text(&out.stderr));
}

/// No redis-server on PATH, a port in use, a broker that is not on loopback: a clear message.
#[test]
fn a_missing_broker_a_busy_port_and_a_remote_url_are_clear_errors() {
    let lesson = "scenarios/10-delivery-guarantees.json";
    let empty = std::env::temp_dir().join(format!("fanout-verify-nopath-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_fanout"))
        .args(["verify", "--broker", "redis", lesson, "--seconds", "2"])
        .env("PATH", &empty)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("redis-server is not installed"), "{}", text(&out.stderr));
    redis_installed();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = busy.local_addr().expect("addr").port().to_string();
    let out = fanout(&["verify", "--broker", "redis", lesson, "--seconds", "2", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is in use"), "{}", text(&out.stderr));
    let out = fanout(&["verify", "--broker", "redis", lesson, "--url", "redis://192.0.2.1:6379"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("only talks to a broker on this machine"),
        "{}",
        text(&out.stderr)
    );
}

/// Processes whose command line mentions `needle` (from /proc).
fn processes_with(needle: &str) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(needle))
        .collect()
}

/// The broker dies mid-run: a clear message, and no producer, consumer or server left.
#[test]
fn a_broker_that_dies_mid_run_is_reported_and_every_process_is_stopped() {
    redis_installed();
    let _one = ONE_RUN.lock().unwrap_or_else(|e| e.into_inner());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("addr")
        .port();
    let p = port.to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_fanout"))
        .args([
            "verify",
            "--broker",
            "redis",
            "scenarios/10-delivery-guarantees.json",
            "--seconds",
            "20",
            "--port",
            &p,
            "--seeds",
            "2",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    // Bounded: 60 tries, 100 ms apart, for the broker to come up and the run to start.
    let addr = format!("127.0.0.1:{port}");
    let mut shut = false;
    for _ in 0..60 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if !processes_with("verify-worker").iter().any(|c| c.contains(&addr)) {
            continue;
        }
        std::thread::sleep(std::time::Duration::from_secs(2));
        if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
            use std::io::Write;
            let _ = s.write_all(b"SHUTDOWN NOSAVE\r\n");
            shut = true;
        }
        break;
    }
    assert!(shut, "the run never started");
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("died during the run") || err.contains("stopped answering"), "{err}");
    let left: Vec<String> =
        processes_with(&addr).into_iter().chain(processes_with(&format!("--port {p}"))).collect();
    assert!(left.is_empty(), "left running: {left:?}");
}
