//! Brokers, replication and producer acks (issue 13): Kafka's replica placement, the high
//! watermark, failover with truncation, `min.insync.replicas`, retries and idempotence.

mod cluster_support;

use cluster_support::{cluster, run, scenario, Spec};
use fanout::engine::{OutcomeKind, Reason, Simulation};
use fanout::scenario::NodeId;

fn failover(acks: &'static str, min_isr: u32) -> Spec {
    Spec {
        acks,
        min_isr,
        fetch_ms: 100.0,
        faults: vec![("broker_isolate", 2, 10.0, 5.0)],
        ..Spec::default()
    }
}

#[test]
fn replicas_are_placed_as_kafkas_default_assignment() {
    let spec = Spec { partitions: 6, duration_s: 0.1, ..Spec::default() };
    let (_, m) = run(&spec);
    let placed: Vec<Vec<u32>> = cluster(&m).partitions.iter().map(|p| p.replicas.clone()).collect();
    // Kafka's assignReplicasToBrokersRackUnaware with start index 0 and shift 0: the first
    // replica walks the brokers, the followers' shift grows by one every 3 partitions.
    let kafka = [[1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 3, 2], [2, 1, 3], [3, 2, 1]];
    assert_eq!(placed, kafka.map(|r| r.to_vec()).to_vec());
    let leaders: Vec<u32> = cluster(&m).partitions.iter().filter_map(|p| p.leader).collect();
    assert_eq!(leaders, vec![1, 2, 3, 1, 2, 3]);
}

#[test]
fn consumers_read_exactly_the_committed_records() {
    for spec in [failover("1", 1), failover("all", 2), Spec { drop: 0.02, ..Spec::default() }] {
        let (_, m) = run(&spec);
        let c = cluster(&m);
        let committed: u64 = c.partitions.iter().map(|p| p.high_watermark).sum();
        assert_eq!(m.groups[0].counters.produced, committed, "{spec:?}");
        for p in &c.partitions {
            assert!(p.high_watermark <= p.log_end, "{p:?}");
        }
    }
}

#[test]
fn acks_1_loses_acknowledged_records_on_failover_and_says_why() {
    let (sim, m) = run(&failover("1", 1));
    let c = cluster(&m);
    assert!(c.counters.acknowledged_lost > 0, "{c:?}");
    assert_eq!(c.counters.leader_elections, 1);
    let lost = sim.outcomes(NodeId(1), OutcomeKind::Lost);
    let acked: Vec<_> = lost.iter().filter(|o| o.reason == Reason::AcknowledgedLost).collect();
    assert_eq!(acked.len() as u64, c.counters.acknowledged_lost);
    assert!(
        acked[0].text.starts_with("acknowledged by broker-2 with acks=1; lost when broker-"),
        "{}",
        acked[0].text
    );
    assert!(acked[0].text.ends_with("became leader without it"), "{}", acked[0].text);
}

#[test]
fn acks_all_with_min_insync_2_loses_nothing_on_the_same_failover() {
    let (_, m) = run(&failover("all", 2));
    let c = cluster(&m);
    assert_eq!(c.counters.acknowledged_lost, 0, "{c:?}");
    assert_eq!(c.counters.leader_elections, 1);
    assert!(c.counters.acknowledged > 0);
}

#[test]
fn min_insync_2_refuses_writes_instead_of_losing_them() {
    let spec = Spec {
        min_isr: 2,
        faults: vec![("broker_crash", 2, 10.0, 10.0), ("broker_crash", 3, 10.0, 10.0)],
        ..Spec::default()
    };
    let (_, m) = run(&spec);
    let c = cluster(&m);
    assert!(c.counters.not_enough_replicas > 0, "{c:?}");
    assert!(c.counters.timed_out > 0, "{c:?}");
    assert_eq!(c.counters.acknowledged_lost, 0);
    let (_, relaxed) = run(&Spec { min_isr: 1, ..spec });
    assert_eq!(cluster(&relaxed).counters.not_enough_replicas, 0);
}

#[test]
fn retries_without_idempotence_write_duplicates_and_with_it_do_not() {
    let lossy = Spec { drop: 0.02, ..Spec::default() };
    let (_, plain) = run(&Spec { idempotence: false, ..lossy.clone() });
    let c = cluster(&plain);
    assert!(c.counters.retry_duplicates > 0, "{c:?}");
    assert_eq!(plain.groups[0].counters.duplicate_side_effects, c.counters.retry_duplicates);
    let (_, idem) = run(&lossy);
    let c = cluster(&idem);
    assert_eq!(c.counters.retry_duplicates, 0);
    assert!(c.counters.retries_deduplicated > 0);
    assert_eq!(idem.groups[0].counters.duplicate_side_effects, 0);
}

#[test]
fn a_partition_without_in_sync_replicas_goes_offline_unless_unclean_election_is_on() {
    // Brokers 2 and 3 die and leave every ISR; then broker 1, the last in-sync replica of
    // every partition, dies too; broker 2 comes back out of sync while broker 1 is still down.
    let faults = vec![
        ("broker_crash", 2, 5.0, 15.0),
        ("broker_crash", 3, 5.0, 60.0),
        ("broker_crash", 1, 15.0, 30.0),
    ];
    let spec = Spec { acks: "1", faults, duration_s: 25.0, ..Spec::default() };
    let sc = scenario(&spec);
    let mut sim = Simulation::new(&sc).expect("valid");
    sim.advance_to(18_000_000);
    let m = sim.metrics();
    assert_eq!(cluster(&m).offline_partitions, 3, "{:?}", cluster(&m).partitions);
    sim.advance_to(25_000_000);
    let clean = sim.metrics();
    assert_eq!(cluster(&clean).offline_partitions, 3, "{:?}", cluster(&clean).partitions);
    assert_eq!(cluster(&clean).counters.unclean_elections, 0);
    let (_, unclean) = run(&Spec { unclean: true, ..spec });
    let c = cluster(&unclean);
    assert_eq!(c.counters.unclean_elections, 3, "{c:?}");
    assert_eq!(c.offline_partitions, 0, "{c:?}");
    assert!(c.partitions.iter().all(|p| p.leader == Some(2)), "{c:?}");
}

#[test]
fn a_scenario_without_a_cluster_has_no_cluster_figures() {
    let s = fanout::scenario::gallery::find("checkout-fan-out").expect("gallery").scenario;
    let mut sim = Simulation::new(&s).expect("valid");
    sim.advance_to(5_000_000);
    assert!(sim.metrics().cluster.is_none());
    assert!(!s.to_json().contains("cluster"));
}

#[test]
fn an_injected_broker_command_is_its_scheduled_fault() {
    use fanout::engine::Command;
    let spec = Spec { acks: "1", fetch_ms: 100.0, duration_s: 20.0, ..Spec::default() };
    for cmd in [
        Command::BrokerCrash { broker: 1, restart_after_us: 3_000_000 },
        Command::BrokerRestart { broker: 1 },
        Command::BrokerSlow { broker: 2, factor: 30.0, duration_us: 4_000_000 },
        Command::BrokerIsolate { broker: 3, duration_us: 5_000_000 },
    ] {
        let mut live = Simulation::new(&scenario(&spec)).expect("valid");
        live.advance_to(7_654_321);
        let fault = live.fault_for(&cmd).expect("a broker fault");
        live.inject(cmd).expect("injects");
        live.advance_to(20_000_000);
        let mut scheduled = scenario(&spec);
        scheduled.faults.push(fault);
        let mut from_zero = Simulation::new(&scheduled).expect("valid");
        from_zero.advance_to(20_000_000);
        assert_eq!(live.trace_hash(), from_zero.trace_hash());
        assert_eq!(live.metrics().cluster, from_zero.metrics().cluster);
    }
    let sim = Simulation::new(&scenario(&spec)).expect("valid");
    let bad = Command::BrokerCrash { broker: 4, restart_after_us: 1 };
    assert_eq!(sim.fault_for(&bad).expect_err("no broker 4"), "broker 4 does not exist (1 to 3)");
}

#[test]
fn a_topics_replication_is_its_slice_of_the_clusters_and_words_its_health() {
    // The acks=1 lesson after broker-1's crash: two topics, one partition each moved to broker-2.
    let s = fanout::scenario::gallery::find("acks-1-failover").expect("lesson").scenario;
    let mut sim = Simulation::new(&s).expect("valid");
    sim.advance_to(25_000_000);
    let c = sim.metrics().cluster.expect("a cluster");
    let topics: Vec<NodeId> =
        s.nodes.iter().filter(|n| n.kind.tag().is_log()).map(|n| n.id).collect();
    assert_eq!(topics.len(), 2);
    for t in topics {
        let all: Vec<_> = c.partitions.iter().filter(|p| p.topic == t).cloned().collect();
        assert_eq!(sim.replication_of(t), all);
    }
    assert!(sim.replication_of(NodeId(1)).is_empty(), "a producer has no partitions");
    let under = c.partitions.iter().filter(|p| p.under_replicated()).count() as u64;
    let offline = c.partitions.iter().filter(|p| p.offline()).count() as u64;
    assert_eq!((under, offline), (c.under_replicated_partitions, c.offline_partitions));
    assert!(under > 0, "{:?}", c.partitions);
}

#[test]
fn a_restart_ends_a_brokers_crash_early_and_never_a_later_crash() {
    let state = |sim: &Simulation| sim.brokers_now()[0].state;
    let at = |sim: &mut Simulation, s: u64| sim.advance_to(s * 1_000_000);
    let crash = ("broker_crash", 1, 5.0, 20.0); // restarts by itself at 25 s
    let restart = ("broker_restart", 1, 10.0, 0.0);
    let again = ("broker_crash", 1, 15.0, 30.0); // a second crash, until 45 s
    let spec =
        |faults| Spec { acks: "all", fetch_ms: 100.0, duration_s: 50.0, faults, ..Spec::default() };
    let sim = |faults| Simulation::new(&scenario(&spec(faults))).expect("valid");

    let mut alone = sim(vec![crash]);
    at(&mut alone, 12);
    assert_eq!(state(&alone), "crashed");
    let mut restarted = sim(vec![crash, restart]);
    at(&mut restarted, 12);
    assert_eq!(state(&restarted), "up");
    // The first crash's own end (25 s) was dropped by the restart: it cannot end the second.
    let mut twice = sim(vec![crash, restart, again]);
    at(&mut twice, 30);
    assert_eq!(state(&twice), "crashed");
    at(&mut twice, 46);
    assert_eq!(state(&twice), "up");
    // Back in the ISR after it caught up, as after a crash's own end.
    at(&mut restarted, 50);
    let c = restarted.metrics().cluster.expect("a cluster");
    assert_eq!(c.under_replicated_partitions, 0, "{c:?}");

    // A broker that is up is left as it is: the same figures as without the restart.
    let (mut up, mut with) = (sim(Vec::new()), sim(vec![restart]));
    at(&mut up, 50);
    at(&mut with, 50);
    assert_eq!(up.metrics().cluster, with.metrics().cluster);
    assert_eq!(up.metrics().total.counters, with.metrics().total.counters);
}
