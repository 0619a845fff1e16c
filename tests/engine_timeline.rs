//! Checkpoints, commands, settings changes, snapshots and traces.

mod trace_support;

use fanout::engine::*;
use fanout::scenario::{gallery, NodeId, NodeKind};

fn sim(slug: &str) -> Simulation {
    Simulation::new(&gallery::find(slug).expect("gallery").scenario).expect("valid")
}

#[test]
fn seeking_back_gives_the_same_state_as_a_run_from_zero() {
    let mut tl = Timeline::new(sim("checkout-fan-out"), 2_000_000);
    tl.seek(10_000_000);
    tl.inject(Command::Crash {
        node: NodeId(3),
        instance: None,
        restart_after_us: Some(3_000_000),
    })
    .expect("crash a group");
    tl.seek(30_000_000);
    let forward = tl.sim().metrics();
    tl.seek(12_345_678);
    tl.seek(30_000_000);
    assert_eq!(tl.sim().metrics(), forward, "replaying from a checkpoint changes nothing");
    // The same from scratch, without the timeline.
    let mut fresh = sim("checkout-fan-out");
    fresh.advance_to(10_000_000);
    fresh
        .inject(Command::Crash {
            node: NodeId(3),
            instance: None,
            restart_after_us: Some(3_000_000),
        })
        .expect("crash");
    fresh.advance_to(30_000_000);
    assert_eq!(fresh.trace_hash(), tl.sim().trace_hash());
    assert!(tl.checkpoint_count() <= timeline_cap());
}

fn timeline_cap() -> usize {
    64
}

#[test]
fn commands_are_checked_and_take_effect() {
    let mut s = sim("user-registered");
    s.advance_to(5_000_000);
    assert!(s.inject(Command::Rebuild { node: NodeId(3) }).is_err(), "not a projection");
    assert!(s.inject(Command::Poison { node: NodeId(99) }).is_err());
    s.inject(Command::Poison { node: NodeId(1) }).expect("poison");
    s.inject(Command::BrokerDown { node: NodeId(2), duration_us: 2_000_000 }).expect("broker");
    s.advance_to(6_000_000);
    let snap = s.snapshot();
    assert_eq!(snap.nodes[1].state, NodeState::Down);
    s.advance_to(30_000_000);
    let m = s.metrics();
    assert!(m.topics[0].refused > 0);
    assert!(m.groups.iter().all(|g| g.counters.dead_lettered + g.counters.lost >= 1));
    s.audit().expect("books balance");
}

#[test]
fn settings_change_from_now_and_shape_changes_are_refused() {
    let scenario = gallery::find("user-registered").expect("gallery").scenario;
    let mut s = Simulation::new(&scenario).expect("valid");
    s.advance_to(10_000_000);
    let before = s.metrics().producers[0].counters.produced;
    let mut faster = scenario.clone();
    if let NodeKind::Producer(p) = &mut faster.nodes[0].kind {
        p.rate_per_s = 100.0;
    }
    s.apply_scenario_change(&faster).expect("a setting");
    s.advance_to(20_000_000);
    assert!(s.metrics().producers[0].counters.produced - before > 500);
    let mut reshaped = scenario.clone();
    reshaped.edges.pop();
    assert_eq!(s.apply_scenario_change(&reshaped), Err(ChangeError::NeedsRestart));
}

#[test]
fn snapshots_show_messages_on_edges_and_traces_follow_an_event() {
    let mut s = sim("order-lifecycle");
    let mut dots = 0;
    let mut snap = s.snapshot();
    for frame in 0..600u64 {
        s.advance_to(20_000_000 + frame * 16_667);
        snap = s.snapshot();
        for e in &snap.edges {
            dots += e.messages.len();
            assert!(e.messages.iter().all(|d| (0.0..=1.0).contains(&d.progress)));
        }
    }
    assert!(dots > 0, "messages in flight are drawn");
    assert_eq!(snap.partitions.len(), 9);
    // Follow one order through the choreography by its correlation id.
    let start = s
        .recent_hops(20_000)
        .into_iter()
        .find(|h| h.outcome == HopOutcome::Produced && h.node == NodeId(1))
        .expect("an order was placed");
    let hops = s.trace_correlation(start.correlation_id);
    assert!(hops.windows(2).all(|w| w[0].t_us <= w[1].t_us));
    let services: std::collections::BTreeSet<NodeId> =
        hops.iter().filter(|h| h.outcome == HopOutcome::Processed).map(|h| h.node).collect();
    assert!(services.len() >= 2, "the flow crosses services: {hops:#?}");
    let trace = s.trace(start.event_id).expect("recent enough to be in the ring");
    assert_eq!(trace.correlation_id, start.correlation_id);
    assert!(trace.hops.iter().any(|h| h.outcome == HopOutcome::Appended));
    // Every hop names its event's type and key; the append names the publish edge it came by.
    let types = s.event_types();
    assert!(trace.hops.iter().all(|h| types[usize::from(h.event_type)] == "OrderPending"));
    assert!(trace.hops.iter().all(|h| h.key.is_some() && h.key == trace.hops[0].key));
    let append = trace.hops.iter().find(|h| h.outcome == HopOutcome::Appended).expect("appended");
    assert!(append.edge.is_some(), "the Appended hop records the publish edge");
}

/// Trace hashes of the gallery after 10 simulated seconds. The same values must come out of
/// the wasm build (a browser test can pin the same table): that is the native-vs-wasm
/// determinism check.
#[test]
fn gallery_trace_hashes_are_pinned() {
    assert_eq!(
        trace_support::gallery_trace_table(),
        trace_support::pinned(),
        "engine behaviour changed: update tests/engine_trace_hashes.txt if intended"
    );
}

/// Trace hashes of scenarios built to use zipf and hot keys, bursts and constant arrivals,
/// retries with jitter, rebuilds and schema upgrades, after a simulated minute; the wasm build
/// must give the same (`engine_wasm.rs`).
#[test]
fn coverage_trace_hashes_are_pinned() {
    let table = trace_support::coverage_trace_table();
    assert_eq!(
        table,
        trace_support::coverage_pinned(),
        "engine behaviour changed: if intended, tests/engine_coverage_hashes.txt becomes:\n{}",
        table.join("\n")
    );
}

/// Each coverage scenario does what it is named for, so its pinned hash covers that path.
#[test]
fn coverage_scenarios_use_what_they_are_named_for() {
    for (name, s) in trace_support::coverage_scenarios() {
        let mut sim = Simulation::new(&s).expect("valid");
        sim.advance_to(60_000_000);
        let c = sim.metrics().groups[0].counters;
        let used = match name {
            "retries-with-jitter" => c.retried > 100 && c.dead_lettered > 0,
            "projection-rebuilds" => c.replayed > 1_000,
            "schema-upgrade" => c.dead_lettered > 1_000,
            _ => c.processed > 3_000,
        };
        assert!(used, "{name}: {c:?}");
    }
}

/// A hop says how its dot is drawn, by the snapshot's rules: the UI replays hops it did not
/// catch in a snapshot, and a network copy must look like a duplicate there too.
#[test]
fn hops_carry_the_dot_state_of_their_message() {
    use fanout::engine::MessageState;
    use fanout::scenario::{EdgeKind, Scenario};
    let mut scenario = Scenario::default();
    for e in scenario.edges.iter_mut().filter(|e| e.kind == EdgeKind::Publish) {
        e.network.duplicate_probability = 0.5;
    }
    let mut s = Simulation::new(&scenario).expect("valid");
    s.advance_to(10_000_000);
    let hops = s.hops_since(0, 100_000);
    let appended: Vec<_> = hops.iter().filter(|h| h.outcome == HopOutcome::Appended).collect();
    assert!(
        appended.iter().any(|h| h.state == MessageState::Duplicate),
        "copies show as duplicates"
    );
    assert!(appended.iter().any(|h| h.state == MessageState::Normal), "originals show as normal");
    assert!(hops.iter().filter(|h| h.outcome == HopOutcome::Processed).all(|h| h.key.is_some()));
}

/// Seeks to `t_us` in slices of `slice` engine events; returns how many calls it took.
fn seek_in_steps(tl: &mut Timeline, t_us: Micros, slice: u64) -> usize {
    for calls in 1.. {
        let p = tl.seek_step(t_us, slice);
        assert!(p.now_us <= t_us, "never past the target");
        if p.done {
            assert_eq!(p.now_us, t_us);
            return calls;
        }
    }
    unreachable!()
}

fn crash_group() -> Command {
    Command::Crash { node: NodeId(3), instance: None, restart_after_us: Some(3_000_000) }
}

/// A seek in many small steps is the same seek: forwards, backwards through checkpoints and
/// replaying an injected command, it ends in the state one `seek` gives.
#[test]
fn seeking_in_slices_ends_where_one_seek_does() {
    let mut one = Timeline::new(sim("checkout-fan-out"), 2_000_000);
    let mut sliced = Timeline::new(sim("checkout-fan-out"), 2_000_000);
    let same = |a: &Timeline, b: &Timeline| {
        assert_eq!(a.now_us(), b.now_us());
        assert_eq!(a.sim().trace_hash(), b.sim().trace_hash());
        assert_eq!(a.sim().metrics(), b.sim().metrics());
        assert_eq!(a.checkpoint_count(), b.checkpoint_count());
    };
    one.seek(10_000_000);
    let calls = seek_in_steps(&mut sliced, 10_000_000, 100);
    assert!(
        calls > 10,
        "small slices: many calls ({calls}, {} events)",
        one.sim().events_processed()
    );
    same(&one, &sliced);
    one.inject(crash_group()).expect("crash");
    sliced.inject(crash_group()).expect("crash");
    one.seek(40_000_000);
    seek_in_steps(&mut sliced, 40_000_000, 777);
    same(&one, &sliced);
    // Backwards: past the command (replayed) and before it.
    for t in [25_500_000, 3_250_000, 38_000_001] {
        one.seek(t);
        seek_in_steps(&mut sliced, t, 501);
        same(&one, &sliced);
    }
    // A slice of one event still gets there, and so does one big slice.
    one.seek(45_000_000);
    seek_in_steps(&mut sliced, 45_000_000, 1);
    same(&one, &sliced);
    one.seek(5_000_000);
    assert_eq!(seek_in_steps(&mut sliced, 5_000_000, u64::MAX), 1);
    same(&one, &sliced);
}

/// Stopping a sliced seek part-way (Cancel) leaves the state a seek to the time reached gives:
/// a command injected there replays identically when the run is re-run from its checkpoints.
#[test]
fn a_seek_stopped_part_way_is_a_consistent_state() {
    let mut tl = Timeline::new(sim("checkout-fan-out"), 2_000_000);
    let mut reached = 0;
    for _ in 0..7 {
        let p = tl.seek_step(60_000_000, 200);
        assert!(!p.done && p.events >= 200, "{p:?}");
        reached = p.now_us;
    }
    assert_eq!(tl.now_us(), reached);
    let mut reference = Timeline::new(sim("checkout-fan-out"), 2_000_000);
    reference.seek(reached);
    assert_eq!(reference.sim().trace_hash(), tl.sim().trace_hash());
    tl.inject(crash_group()).expect("crash where the seek stopped");
    reference.inject(crash_group()).expect("crash");
    tl.seek(50_000_000);
    reference.seek(50_000_000);
    let forward = tl.sim().trace_hash();
    assert_eq!(forward, reference.sim().trace_hash());
    // Re-run from time zero: the command lands at the same point of the same instant.
    tl.seek(0);
    seek_in_steps(&mut tl, 50_000_000, 2_000);
    assert_eq!(tl.sim().trace_hash(), forward);
    assert_eq!(
        tl.rewind_point_us(10_000_000),
        tl.checkpoint_times_us().filter(|t| *t <= 10_000_000).last().unwrap_or(0)
    );
    assert_eq!(tl.rewind_point_us(60_000_000), 50_000_000, "ahead: runs from now");
}

/// A sliced seek stops only between instants: nothing is left due at the time it stops, so a
/// command injected there lands after the whole instant, exactly where a replay puts it.
#[test]
fn sliced_seeks_stop_between_instants() {
    let mut mid_instant_budgets = 0;
    for entry in gallery::all() {
        let mut tl = Timeline::new(sim(entry.slug), 2_000_000);
        for _ in 0..3_000 {
            let p = tl.seek_step(30_000_000, 1);
            let next = tl.sim().next_event_us();
            assert!(next.is_none_or(|t| t > p.now_us), "{}: left due at {}", entry.slug, p.now_us);
            mid_instant_budgets += usize::from(p.events > 1);
        }
    }
    assert!(mid_instant_budgets > 0, "some instant held more than one event");
}

/// Issue 12: moving or renaming a node, or editing the notes, during a run keeps the run's
/// future (here, a crash injected later) and only relabels what it shows.
#[test]
fn drawn_only_edits_relabel_the_run_and_keep_its_future() {
    let scenario = gallery::find("checkout-fan-out").expect("gallery").scenario;
    let mut tl = Timeline::new(Simulation::new(&scenario).expect("valid"), 2_000_000);
    tl.seek(20_000_000);
    tl.inject(crash_group()).expect("crash");
    tl.seek(40_000_000);
    let before = tl.sim().trace_hash();
    tl.seek(5_000_000);

    let mut edited = scenario.clone();
    edited.notes.push_str(" Edited.");
    edited.nodes[3].x += 120.0;
    edited.nodes[3].name = "Renamed group".into();
    assert!(edited.same_run_as(&scenario), "a move, a rename and notes do not change the run");
    tl.relabel(&edited);
    assert_eq!(tl.action_count(), 1, "the injected crash stays");
    tl.seek(40_000_000);
    assert_eq!(tl.sim().trace_hash(), before, "the run is the one before the edit");
    let m = tl.sim().metrics();
    assert!(m.groups.iter().any(|g| g.name == "Renamed group"), "metrics use the new name");

    // Anything the engine reads is a change of the run.
    let mut slower = edited.clone();
    slower.seed += 1;
    assert!(!slower.same_run_as(&edited));
    let mut other_kind = edited.clone();
    other_kind.nodes[0] = edited.nodes[1].clone();
    other_kind.nodes[0].id = edited.nodes[0].id;
    assert!(!other_kind.same_run_as(&edited));
}
