//! Every node kind's figures (`Simulation::figure`): the same numbers `metrics()` reports, the
//! figures each lesson's notes point to, the projection's rebuild counter and backlog, the
//! largest lag, and the names an embed's `metrics=` may use.

use fanout::engine::{secs_to_us, Command, Metrics, Simulation};
use fanout::scenario::{gallery, CheckFigure, NodeId, NodeKindTag, Scenario};

fn lesson(slug: &str) -> Scenario {
    gallery::find(slug).expect("lesson").scenario
}

fn run(s: &Scenario, seconds: f64) -> Simulation {
    let mut sim = Simulation::new(s).expect("runs");
    sim.advance_to(secs_to_us(seconds));
    sim
}

fn id_of(s: &Scenario, name: &str) -> NodeId {
    s.nodes.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("no node {name}")).id
}

fn figure(sim: &Simulation, s: &Scenario, name: &str, f: CheckFigure) -> f64 {
    sim.figure(Some(id_of(s, name)), f).unwrap_or_else(|| panic!("{name} has no {f:?}"))
}

/// What `metrics()` says for `figure` of `node`, where it says it.
fn from_metrics(m: &Metrics, node: NodeId, f: CheckFigure) -> Option<f64> {
    use CheckFigure as F;
    let ms = |us: u64| us as f64 / 1_000.0;
    if let Some(p) = m.producers.iter().find(|p| p.id == node) {
        let c = &p.counters;
        return Some(match f {
            F::EventsEmitted => c.produced as f64,
            F::RequestLatencyP50 => ms(p.request_latency.p50_us),
            F::RequestLatencyP95 => ms(p.request_latency.p95_us),
            F::RequestLatencyP99 => ms(p.request_latency.p99_us),
            F::FailedRequests => c.requests_failed as f64,
            F::PublishLost => c.publish_lost as f64,
            F::LostDualWrite => c.lost_dual_write as f64,
            _ => return None,
        });
    }
    if let Some(t) = m.topics.iter().find(|t| t.id == node) {
        return Some(match f {
            F::Appended => t.appended,
            F::Retained => t.retained,
            F::Expired => t.expired,
            F::Refused => t.refused,
            _ => return None,
        } as f64);
    }
    if let Some(d) = m.databases.iter().find(|d| d.id == node) {
        return Some(match f {
            F::Writes => d.counters.writes,
            F::RejectedWrites => d.counters.rejected,
            F::SideEffects => d.side_effects,
            F::DuplicateSideEffects => d.duplicate_side_effects,
            _ => return None,
        } as f64);
    }
    if let Some(o) = m.outboxes.iter().find(|o| o.id == node) {
        return Some(match f {
            F::RowsWritten => o.counters.written,
            F::Pending => o.pending,
            F::Published => o.counters.published,
            F::RelayCrashes => o.counters.relay_crashes,
            F::Refused => o.counters.refused,
            _ => return None,
        } as f64);
    }
    let g = m.groups.iter().find(|g| g.id == node)?;
    let c = &g.counters;
    Some(match f {
        F::Lag => g.lag_messages as f64,
        F::LagTime => ms(g.lag_us),
        F::Processed => c.processed as f64,
        F::DuplicateSideEffects => c.duplicate_side_effects as f64,
        F::Lost => c.lost as f64,
        F::Expired => c.expired as f64,
        F::DeadLettered => c.dead_lettered as f64,
        F::Redelivered => c.redelivered as f64,
        F::Replayed => c.replayed as f64,
        F::Rebuilds => c.rebuilds as f64,
        F::OrderingViolations => c.ordering_violations as f64,
        F::Calls => c.calls as f64,
        F::FailedCalls => c.calls_failed as f64,
        F::LatencyP50 => ms(g.latency.p50_us),
        F::LatencyP95 => ms(g.latency.p95_us),
        F::LatencyP99 => ms(g.latency.p99_us),
        F::EndToEndLatencyP99 => ms(g.end_to_end_latency.p99_us),
        F::Backlog => g.partitions.iter().map(|p| p.lag_messages).sum::<u64>() as f64,
        _ => return None,
    })
}

#[test]
fn every_shown_figure_of_every_lesson_is_what_metrics_reports() {
    for entry in gallery::all() {
        let s = &entry.scenario;
        let sim = run(s, 30.0);
        let m = sim.metrics();
        for n in &s.nodes {
            let kind = n.kind.tag();
            for &f in CheckFigure::shown_at(kind) {
                let value = sim.figure(Some(n.id), f);
                assert!(value.is_some(), "{}: {} has no {f:?}", entry.slug, n.name);
                let expected = from_metrics(&m, n.id, f)
                    .unwrap_or_else(|| panic!("{}: metrics lack {f:?} of {}", entry.slug, n.name));
                assert_eq!(value, Some(expected), "{}: {f:?} of {}", entry.slug, n.name);
            }
        }
    }
}

#[test]
fn figures_belong_to_their_kinds_only() {
    let s = lesson("outbox");
    let sim = run(&s, 5.0);
    let db = id_of(&s, "Orders DB");
    assert_eq!(sim.figure(Some(db), CheckFigure::Appended), None, "a database appends nothing");
    assert_eq!(sim.figure(Some(NodeId(999)), CheckFigure::Writes), None, "no such node");
    assert_eq!(sim.figure(None, CheckFigure::Writes), None, "not a whole-scenario figure");
    assert!(sim.figure(Some(db), CheckFigure::Writes).is_some_and(|w| w > 0.0));
    for kind in NodeKindTag::ALL {
        for f in CheckFigure::shown_at(kind) {
            assert!(f.applies_to(Some(kind)), "{f:?} shown at {kind:?} but does not apply");
        }
    }
}

#[test]
fn each_lesson_shows_the_figure_its_notes_name() {
    // Direct calls: the calling checkout fails requests and answers in hundreds of ms.
    let s = lesson("direct-calls-vs-events");
    let sim = run(&s, s.run_duration_s());
    assert!(figure(&sim, &s, "Checkout (calls)", CheckFigure::FailedRequests) > 0.0);
    let p50 = figure(&sim, &s, "Checkout (calls)", CheckFigure::RequestLatencyP50);
    assert!((100.0..1_000.0).contains(&p50), "p50 {p50} ms");
    assert!(figure(&sim, &s, "Checkout (events)", CheckFigure::RequestLatencyP50) < 50.0);
    assert_eq!(figure(&sim, &s, "Checkout (events)", CheckFigure::FailedRequests), 0.0);
    // The called services say which of them failed the calls.
    let failed: f64 = ["Payment API", "Inventory API", "Email API", "Shipping API"]
        .iter()
        .map(|n| figure(&sim, &s, n, CheckFigure::FailedCalls))
        .sum();
    assert!(failed > 0.0);
    assert!(figure(&sim, &s, "Payment API", CheckFigure::Calls) > 100.0);

    // Outbox: the dual write loses events, and the whole scenario's `lost` counts them.
    let s = lesson("outbox");
    let sim = run(&s, s.run_duration_s());
    let dual = figure(&sim, &s, "Orders (dual write)", CheckFigure::LostDualWrite);
    assert!(dual > 0.0);
    assert!(sim.figure(None, CheckFigure::Lost).is_some_and(|l| l >= dual));
    assert!(figure(&sim, &s, "Outbox + relay", CheckFigure::RelayCrashes) > 0.0);

    // Poison: the database without backoff rejects far more writes.
    let s = lesson("poison-message-and-dlq");
    let sim = run(&s, s.run_duration_s());
    let storm = figure(&sim, &s, "Warehouse DB (storm)", CheckFigure::RejectedWrites);
    let calm = figure(&sim, &s, "Warehouse DB (calm)", CheckFigure::RejectedWrites);
    assert!(storm > 2.0 * calm && calm > 0.0, "storm {storm}, calm {calm}");
    assert!(figure(&sim, &s, "orders.DLQ", CheckFigure::Appended) > 0.0);
}

#[test]
fn a_projection_counts_its_rebuilds_and_how_far_behind_it_is() {
    let s = lesson("cqrs-and-replay");
    let name = "Balances read model";
    let mut sim = run(&s, 59.0);
    assert_eq!(figure(&sim, &s, name, CheckFigure::Rebuilds), 0.0);
    let before = figure(&sim, &s, name, CheckFigure::Backlog);
    // The scheduled rebuild at 60 s replays the whole log: far behind just after it.
    sim.advance_to(secs_to_us(60.05));
    assert_eq!(figure(&sim, &s, name, CheckFigure::Rebuilds), 1.0);
    let during = figure(&sim, &s, name, CheckFigure::Backlog);
    assert!(during > 1_000.0 && during > 10.0 * before.max(1.0), "{before} → {during}");
    assert!(figure(&sim, &s, name, CheckFigure::LagTime) > 10_000.0, "tens of seconds behind");
    sim.advance_to(secs_to_us(s.run_duration_s()));
    assert!(figure(&sim, &s, name, CheckFigure::Replayed) > 1_000.0);
    assert!(figure(&sim, &s, name, CheckFigure::Backlog) < 100.0, "caught up");
    // The largest lag seen at a sample stays, above the lag now.
    let largest = figure(&sim, &s, name, CheckFigure::MaxLag);
    assert!(largest >= figure(&sim, &s, name, CheckFigure::Lag));
    assert!(largest >= 50.0, "the replay's lag peak: {largest}");
    // A commanded rebuild counts too.
    // (An injected command is a fault at the fault horizon: it happens when the run gets there.)
    let at = sim.fault_horizon_us();
    sim.inject(Command::Rebuild { node: id_of(&s, name) }).expect("a projection");
    sim.advance_to(at);
    assert_eq!(figure(&sim, &s, name, CheckFigure::Rebuilds), 2.0);
    assert_eq!(sim.metrics().groups.iter().map(|g| g.counters.rebuilds).sum::<u64>(), 2);
}

#[test]
fn a_topics_partitions_list_each_readers_lag() {
    let s = lesson("checkout-fan-out");
    let sim = run(&s, 10.0);
    let topic = s.nodes.iter().find(|n| n.kind.tag() == NodeKindTag::Topic).expect("a topic");
    let parts = sim.partitions_of(topic.id);
    let snap = sim.snapshot();
    let expected: Vec<_> =
        snap.partitions.iter().filter(|p| p.topic == topic.id).cloned().collect();
    assert!(!parts.is_empty());
    assert_eq!(parts, expected);
    assert!(parts.iter().all(|p| !p.cursors.is_empty()));
    let group = s.nodes.iter().find(|n| n.kind.tag().is_consumer()).expect("a group");
    assert!(sim.partitions_of(group.id).is_empty());
}

#[test]
fn embed_names_mean_a_figure_of_the_nodes_kind() {
    use CheckFigure as F;
    let at = |name: &str, kind: NodeKindTag| F::by_name(name, Some(kind));
    assert_eq!(at("duplicates", NodeKindTag::Database), Some(F::DuplicateSideEffects));
    assert_eq!(at("duplicates", NodeKindTag::ConsumerGroup), Some(F::DuplicateSideEffects));
    assert_eq!(at("p95", NodeKindTag::Producer), Some(F::RequestLatencyP95));
    assert_eq!(at("p95", NodeKindTag::Service), Some(F::LatencyP95));
    assert_eq!(at("Dead-Lettered", NodeKindTag::ConsumerGroup), Some(F::DeadLettered));
    assert_eq!(at("rejected-writes", NodeKindTag::Database), Some(F::RejectedWrites));
    assert_eq!(at("relay_crashes", NodeKindTag::Outbox), Some(F::RelayCrashes));
    assert_eq!(at("lost by dual write", NodeKindTag::Producer), Some(F::LostDualWrite));
    assert_eq!(at("rejected-writes", NodeKindTag::Producer), None, "not a producer's");
    assert_eq!(at("nonsense", NodeKindTag::Topic), None);
    assert_eq!(at("", NodeKindTag::Topic), None);
    assert_eq!(F::by_name("lost", None), Some(F::Lost));
    assert_eq!(F::DuplicateSideEffects.of_node("Ledger"), "duplicate side effects at Ledger");
    assert_eq!(F::RequestLatencyP95.of_node("Checkout"), "p95 request latency of Checkout");
}
