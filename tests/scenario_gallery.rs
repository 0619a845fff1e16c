//! The gallery: every lesson of SCENARIOS.md has a scenario that opens, validates, runs, keeps
//! its books and shows its lesson in the numbers.

use fanout::engine::{GroupMetrics, Metrics, Simulation};
use fanout::scenario::{gallery, Scenario};

fn run(slug: &str) -> Metrics {
    let entry = gallery::find(slug).unwrap_or_else(|| panic!("no gallery scenario {slug}"));
    let mut sim = Simulation::new(&entry.scenario).expect("gallery scenarios run");
    let end = fanout::engine::secs_to_us(entry.scenario.run_duration_s());
    let mut t = 0;
    while t < end {
        t = (t + 5_000_000).min(end);
        sim.advance_to(t);
        sim.audit().unwrap_or_else(|e| panic!("{slug} at {t} µs: {e}"));
    }
    sim.metrics()
}

fn group<'a>(m: &'a Metrics, name: &str) -> &'a GroupMetrics {
    m.groups.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}"))
}

#[test]
fn every_lesson_has_a_valid_scenario_with_title_and_notes() {
    let all = gallery::all();
    assert_eq!(all.len(), 15, "every file parses");
    for (i, e) in all.iter().enumerate() {
        assert_eq!(usize::from(e.lesson), i + 1);
        assert!(!e.title.is_empty() && e.scenario.notes.len() > 100, "{}", e.slug);
        let problems = e.scenario.validate();
        assert!(problems.is_empty(), "{}: {problems:#?}", e.slug);
        // The files are what the CLI reads: they round-trip through the type.
        let again = Scenario::from_json(&e.scenario.to_json_pretty()).expect("round trip");
        assert_eq!(again, e.scenario);
    }
    assert_eq!(Scenario::default(), gallery::find("user-registered").expect("default").scenario);
}

#[test]
fn lessons_show_in_the_numbers() {
    let m = run("direct-calls-vs-events");
    let sync = &m.producers[0];
    let events = &m.producers[1];
    assert!(sync.counters.requests_failed > 0, "a callee down fails requests");
    assert_eq!(events.counters.requests_failed, 0);
    assert!(sync.request_latency.p50_us > 20 * events.request_latency.p50_us);

    let m = run("duplicate-payment");
    assert!(group(&m, "Balance (no idempotency)").counters.duplicate_side_effects > 0);
    assert_eq!(group(&m, "Balance (idempotency key)").counters.duplicate_side_effects, 0);

    let m = run("poison-message-and-dlq");
    let storm = group(&m, "Shipping (no backoff)");
    let calm = group(&m, "Shipping (backoff + jitter)");
    assert!(storm.counters.dead_lettered > 3 * calm.counters.dead_lettered);
    assert!(calm.counters.dead_lettered + calm.in_flight >= m.producers[0].counters.poison);
    assert!(m.databases[0].counters.rejected > 2 * m.databases[1].counters.rejected);

    let m = run("consumer-down-for-an-hour");
    assert!(group(&m, "Reporting (short retention)").counters.expired > 1_000);
    assert_eq!(group(&m, "Reporting (long retention)").counters.expired, 0);

    let m = run("out-of-order-events");
    assert_eq!(group(&m, "View (one keyed topic)").counters.ordering_violations, 0);
    assert!(group(&m, "View (two topics)").counters.ordering_violations > 0);
    assert!(group(&m, "View (retries)").counters.ordering_violations > 0);

    let m = run("outbox");
    assert!(m.producers[0].counters.lost_dual_write > 0);
    let outbox_shipping = group(&m, "Shipping (outbox)");
    assert!(outbox_shipping.counters.side_effects >= m.producers[1].counters.produced - 10);

    let m = run("order-lifecycle");
    assert!(group(&m, "Order service").counters.emitted > 0);
    assert!(group(&m, "Order status view").counters.produced > m.producers[0].counters.produced);

    let m = run("cqrs-and-replay");
    assert!(group(&m, "Balances read model").counters.replayed > 1_000);

    let m = run("delivery-guarantees");
    assert!(group(&m, "Ledger (at-most-once)").counters.lost > 0);
    assert_eq!(group(&m, "Ledger (at-most-once)").counters.duplicate_side_effects, 0);
    assert_eq!(group(&m, "Ledger (at-least-once)").counters.lost, 0);
    assert!(group(&m, "Ledger (at-least-once)").counters.duplicate_side_effects > 0);
    assert_eq!(group(&m, "Ledger (effectively-once)").counters.lost, 0);
    assert_eq!(group(&m, "Ledger (effectively-once)").counters.duplicate_side_effects, 0);

    let m = run("schema-change");
    assert!(group(&m, "CRM sync (v1 reader, breaking)").counters.dead_lettered > 100);
    assert_eq!(group(&m, "CRM sync (v1 reader, additive)").counters.dead_lettered, 0);

    let m = run("checkout-fan-out");
    assert!(m.groups.iter().all(|g| g.counters.lost == 0));
    assert!(group(&m, "Analytics").latency.max_us > 20_000_000, "lag built up while down");
}

/// The brokers' lessons (issue 13): each number their notes state, and the notes stating it.
#[test]
fn the_brokers_lessons_show_their_numbers() {
    let producer = |m: &Metrics, name: &str| {
        let p = m.producers.iter().find(|p| p.name == name).expect("producer");
        (p.cluster.expect("a cluster"), p.request_latency)
    };
    let notes = |slug: &str| gallery::find(slug).expect("lesson").scenario.notes;
    let states = |slug: &str, said: &[&str]| {
        let n = notes(slug);
        for s in said {
            assert!(n.contains(s), "{slug}: its notes do not say {s}");
        }
    };

    let m = run("acks-1-failover");
    let (one, fast) = producer(&m, "Orders (acks=1)");
    let (all, slow) = producer(&m, "Orders (acks=all)");
    assert_eq!(one.acknowledged_lost, 75);
    assert_eq!(all.acknowledged_lost, 0);
    assert_eq!((fast.p99_us / 1_000, slow.p99_us / 10_000), (2, 326));
    assert_eq!(group(&m, "Billing (acks=1)").counters.lost, 0, "lost before any consumer saw it");
    states(
        "acks-1-failover",
        &[
            "75 acknowledged orders are lost",
            "acknowledged by broker-1 with acks=1; lost when broker-2 became leader without it",
            "3,260 ms against 2 ms",
        ],
    );

    let m = run("min-insync-replicas");
    let (one, _) = producer(&m, "Payments (min.insync=1)");
    let (two, _) = producer(&m, "Payments (min.insync=2)");
    assert_eq!((one.acknowledged_lost, one.not_enough_replicas), (710, 0));
    assert_eq!(
        (two.acknowledged_lost, two.not_enough_replicas, two.timed_out),
        (0, 194_795, 1_996)
    );
    states(
        "min-insync-replicas",
        &["194,795 refusals", "1,996 payments timed out", "loses 710 acknowledged payments"],
    );

    let m = run("retries-without-idempotence");
    let (plain, _) = producer(&m, "Payments (no idempotence)");
    let (idem, _) = producer(&m, "Payments (idempotent)");
    assert_eq!(plain.retry_duplicates, 63);
    assert_eq!(group(&m, "Ledger (no idempotence)").counters.duplicate_side_effects, 63);
    assert_eq!(group(&m, "Ledger (no idempotence)").counters.ordering_violations, 10);
    assert_eq!((idem.retry_duplicates, idem.retries_deduplicated), (0, 62));
    assert_eq!(group(&m, "Ledger (idempotent)").counters.duplicate_side_effects, 0);
    assert_eq!(m.cluster.as_ref().expect("cluster").counters.acknowledged_lost, 0);
    states(
        "retries-without-idempotence",
        &[
            "63 retry duplicates",
            "applies 63 payments twice",
            "10 ordering violations",
            "62 retried records",
        ],
    );
}
