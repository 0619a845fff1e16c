//! Property tests over random clusters with broker faults (issue 13): sends are conserved,
//! consumers read exactly the committed records, and each of the built-in checker's rules
//! holds whenever its premises hold. The checker reads what the run observed (acknowledgements
//! against the logs, fetches, commits), not the engine's loss counters, so these tests can
//! fail; `acks_1_failover_can_lose` shows the lost-write rule catching a loss outside them.

mod cluster_support;

use cluster_support::{cluster, scenario, Spec};
use fanout::engine::{Simulation, Verdict};
use proptest::prelude::*;

const KINDS: [&str; 4] = ["broker_crash", "broker_restart", "broker_slow", "broker_isolate"];

fn spec() -> impl Strategy<Value = Spec> {
    let fault = (0usize..KINDS.len(), 1u32..=3, 0.5f64..8.0, 0.2f64..6.0)
        .prop_map(|(k, b, at, d)| (KINDS[k], b, at, d));
    (
        any::<u64>(),
        1u32..=4,
        1u32..=3,
        1u32..=3,
        any::<bool>(),
        0usize..3,
        any::<bool>(),
        prop_oneof![Just(0.0), 0.0f64..0.05],
        prop_oneof![Just(5.0), 1.0f64..200.0],
        proptest::collection::vec(fault, 0..=3),
    )
        .prop_map(
            |(seed, partitions, rf, min_isr, unclean, acks, idem, drop, fetch, faults)| Spec {
                seed,
                brokers: 3,
                partitions,
                rf,
                min_isr,
                unclean,
                acks: ["0", "1", "all"][acks],
                idempotence: idem,
                rate: 150.0,
                drop,
                fetch_ms: fetch,
                duration_s: 12.0,
                faults,
            },
        )
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sends_and_records_are_conserved_and_each_rule_holds_under_its_premises(s in spec()) {
        let mut sim = Simulation::new(&scenario(&s)).expect("valid");
        for step in 1..=4u64 {
            sim.advance_to(step * 3_000_000);
            let m = sim.metrics();
            let c = cluster(&m);
            let k = &c.counters;
            prop_assert_eq!(
                k.sends,
                k.acknowledged + k.unacknowledged + k.timed_out + k.retries_exhausted + c.in_flight,
                "sends not conserved at {} s: {:?}", step * 3, c
            );
            let committed: u64 = c.partitions.iter().map(|p| p.high_watermark).sum();
            prop_assert_eq!(m.groups[0].counters.produced, committed);
            prop_assert!(sim.audit().is_ok(), "{:?}", sim.audit());
            for p in &c.partitions {
                prop_assert!(p.high_watermark <= p.log_end);
                prop_assert!(p.isr.len() as u32 <= s.rf && !p.isr.is_empty());
            }
            for rule in &c.checks {
                prop_assert_eq!(rule.verdict, Verdict::Holds, "{:?} in {:?}", rule, s);
            }
            // The checker's loss count, from acknowledgements against the logs, is the
            // engine's own.
            let lost = &c.checks[0];
            prop_assert_eq!(lost.violations + lost.outside_premises, k.acknowledged_lost);
            let safe = s.acks == "all" && s.min_isr >= 2 && !s.unclean;
            if safe {
                prop_assert_eq!(k.acknowledged_lost, 0);
            }
            if s.idempotence {
                prop_assert_eq!(k.retry_duplicates, 0);
                prop_assert_eq!(m.groups[0].counters.duplicate_side_effects, 0);
            }
        }
    }
}

/// The lost-write rule can fail: outside its premises (acks=1) the same observation finds the
/// acknowledged writes a failover lost.
#[test]
fn acks_1_failover_can_lose() {
    let s = Spec {
        acks: "1",
        fetch_ms: 100.0,
        faults: vec![("broker_isolate", 2, 10.0, 5.0)],
        ..Spec::default()
    };
    let mut sim = Simulation::new(&scenario(&s)).expect("valid");
    sim.advance_to(30_000_000);
    let m = sim.metrics();
    let c = cluster(&m);
    let lost = &c.checks[0];
    assert!(!lost.applies);
    assert!(lost.outside_premises > 0, "{c:?}");
    assert_eq!(lost.outside_premises, c.counters.acknowledged_lost);
}
