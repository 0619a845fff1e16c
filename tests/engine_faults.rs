//! Faults in a running simulation (issue 12): a command injected at `t` is the same thing as
//! its scheduled fault at the fault horizon; editing future faults mid-run gives what a fresh
//! run of the edited scenario gives; faults in the past keep what they did; and a fault's time
//! comes back to the microsecond through a share link and JSON.

use fanout::engine::*;
use fanout::scenario::{gallery, link, Fault, FaultKind, NodeId, NodeKindTag, Scenario};
use proptest::prelude::*;

/// The CQRS lesson: a producer (1), a topic (2), a projection (3) and a group (5), with a
/// scheduled rebuild of the projection at 60 s.
fn lesson() -> Scenario {
    gallery::find("cqrs-and-replay").expect("gallery").scenario
}

const PRODUCER: NodeId = NodeId(1);
const TOPIC: NodeId = NodeId(2);
const PROJECTION: NodeId = NodeId(3);
const GROUP: NodeId = NodeId(5);
const END: Micros = 90_000_000;

fn run(s: &Scenario, to: Micros) -> Simulation {
    let mut sim = Simulation::new(s).expect("valid");
    sim.advance_to(to);
    sim
}

fn fault(node: NodeId, kind: FaultKind, at_s: f64, duration_s: f64) -> Fault {
    Fault { node, kind, at_s, duration_s, ..Fault::default() }
}

/// One command of each kind (crash twice: all instances with the group's restart time, and one
/// instance with its own).
fn commands() -> Vec<Command> {
    vec![
        Command::Crash { node: GROUP, instance: None, restart_after_us: None },
        Command::Crash { node: PROJECTION, instance: Some(0), restart_after_us: Some(2_500_001) },
        Command::Down { node: GROUP, instance: None, duration_us: 4_000_000 },
        Command::SlowDown { node: GROUP, factor: 20.0, duration_us: 7_000_000 },
        Command::BrokerDown { node: TOPIC, duration_us: 3_000_000 },
        Command::Poison { node: PRODUCER },
        Command::Produce { node: PRODUCER, count: 25 },
        Command::Rebuild { node: PROJECTION },
    ]
}

/// The two cases of the fault horizon: a time between events (a fault can still come first
/// there) and the instant of a metrics sample (something already ran: one microsecond later).
#[test]
fn the_fault_horizon_is_the_first_instant_a_fault_can_still_come_first() {
    let s = lesson();
    assert_eq!(run(&s, 12_345_678).fault_horizon_us(), 12_345_678);
    assert_eq!(run(&s, 12_300_000).fault_horizon_us(), 12_300_001);
    assert_eq!(Simulation::new(&s).expect("valid").fault_horizon_us(), 0);
}

/// (a) For each command kind, injecting it at `t` gives the trace hash of a run from zero of
/// the scenario with its equivalent scheduled fault.
#[test]
fn an_injected_command_is_its_scheduled_fault() {
    let s = lesson();
    let plain = run(&s, END).trace_hash();
    for at in [12_345_678, 12_300_000] {
        for cmd in commands() {
            let mut injected = run(&s, at);
            let f = injected.fault_for(&cmd).expect("applies");
            assert_eq!(secs_to_us(f.at_s), injected.fault_horizon_us());
            injected.inject(cmd.clone()).expect("injects");
            injected.advance_to(END);
            let mut scheduled = s.clone();
            scheduled.faults.push(f);
            let fresh = run(&scheduled, END);
            assert_eq!(injected.trace_hash(), fresh.trace_hash(), "{cmd:?} at {at} µs");
            assert_ne!(fresh.trace_hash(), plain, "{cmd:?} changes the run");
            fresh.audit().expect("books balance");
        }
    }
}

/// The way the UI injects: the fault is added to the scenario, which the timeline applies as
/// an edit at the current time: the run does not restart, and it is the run of the link.
#[test]
fn a_fault_added_at_the_horizon_is_the_run_of_the_edited_scenario() {
    let s = lesson();
    for cmd in commands() {
        let mut tl = Timeline::new(Simulation::new(&s).expect("valid"), 2_000_000);
        tl.seek(12_300_000);
        let mut edited = s.clone();
        edited.faults.push(tl.sim().fault_for(&cmd).expect("applies"));
        tl.apply_scenario_change(&edited).expect("a fault is not a change of shape");
        tl.seek(END);
        assert_eq!(tl.sim().trace_hash(), run(&edited, END).trace_hash(), "{cmd:?}");
    }
}

/// The lesson with a down window open at 20 s (5 s to 35 s), a future crash at 40 s and a
/// future slow-down at 50 s, after the lesson's own rebuild at 60 s.
fn with_faults() -> Scenario {
    let mut s = lesson();
    s.faults.push(fault(GROUP, FaultKind::Down, 5.0, 30.0));
    s.faults.push(fault(GROUP, FaultKind::Crash, 40.0, 2.0));
    s.faults.push(Fault { factor: 30.0, ..fault(GROUP, FaultKind::SlowDown, 50.0, 8.0) });
    s
}

type Edit = (&'static str, fn(&mut Scenario));

/// (b) Adding, moving, resizing, changing and deleting a future fault at 20 s, then running on,
/// gives the trace hash of a run from zero of the edited scenario; so does seeking back before
/// the edit and forward again (the timeline replays it).
#[test]
fn editing_future_faults_mid_run_is_a_fresh_run_of_the_edit() {
    let edits: [Edit; 8] = [
        ("add", |s| s.faults.push(fault(PROJECTION, FaultKind::Crash, 25.0, 1.0))),
        ("add first in its instant", |s| {
            s.faults.push(fault(TOPIC, FaultKind::BrokerDown, 40.0, 3.0))
        }),
        ("move", |s| s.faults[2].at_s = 33.25),
        ("resize", |s| s.faults[3].duration_s = 2.0),
        ("change", |s| s.faults[2] = fault(TOPIC, FaultKind::BrokerDown, 45.0, 5.0)),
        ("delete", |s| {
            s.faults.remove(2);
        }),
        // The open window (index 1) moves to index 0: its end keeps its place under the new index.
        ("delete before an open window", |s| {
            s.faults.remove(0);
        }),
        ("move the lesson's own rebuild", |s| s.faults[0].at_s = 21.0),
    ];
    let s = with_faults();
    for (name, edit) in edits {
        let mut edited = s.clone();
        edit(&mut edited);
        let fresh = run(&edited, END);
        let mut tl = Timeline::new(Simulation::new(&s).expect("valid"), 2_000_000);
        tl.seek(20_000_000);
        tl.apply_scenario_change(&edited).expect("faults are not shape");
        tl.seek(END);
        assert_eq!(tl.sim().trace_hash(), fresh.trace_hash(), "{name}");
        tl.seek(3_000_000);
        tl.seek(END);
        assert_eq!(tl.sim().trace_hash(), fresh.trace_hash(), "{name}, replayed");
        tl.sim().audit().expect("books balance");
    }
}

/// (b) Editing a fault that already started does not rewrite the past, nor a window it opened:
/// the run goes on exactly as it would have without the edit.
#[test]
fn editing_a_past_fault_does_not_rewrite_the_past() {
    let mut s = with_faults();
    s.faults.push(fault(GROUP, FaultKind::Crash, 8.0, 3.0));
    let unedited = run(&s, END);
    let edits: [Edit; 6] = [
        ("move the crash", |s| s.faults[4].at_s = 6.0),
        ("delete the crash", |s| {
            s.faults.remove(4);
        }),
        ("move the open window", |s| s.faults[1].at_s = 2.0),
        ("shorten the open window to before now", |s| s.faults[1].duration_s = 1.0),
        ("lengthen the open window", |s| s.faults[1].duration_s = 50.0),
        ("delete the open window", |s| {
            s.faults.remove(1);
        }),
    ];
    for (name, edit) in edits {
        let mut edited = s.clone();
        edit(&mut edited);
        let mut tl = Timeline::new(Simulation::new(&s).expect("valid"), 2_000_000);
        tl.seek(20_000_000);
        let before = tl.sim().metrics();
        tl.apply_scenario_change(&edited).expect("faults are not shape");
        assert_eq!(tl.sim().metrics(), before, "{name}: the past stands");
        tl.seek(END);
        // The very same run, to the trace hash: a window the scenario no longer has closes
        // under another index, and indices are not hashed.
        assert_eq!(tl.sim().trace_hash(), unedited.trace_hash(), "{name}");
        assert_ne!(tl.sim().trace_hash(), run(&edited, END).trace_hash(), "{name}: no rewrite");
        tl.seek(10_000_000);
        tl.seek(END);
        assert_eq!(tl.sim().trace_hash(), unedited.trace_hash(), "{name}, replayed");
    }
}

/// A past fault moved into the future happens again there: the past keeps the first time.
#[test]
fn a_past_fault_moved_into_the_future_happens_there_too() {
    let mut s = lesson();
    s.faults.push(fault(GROUP, FaultKind::Crash, 5.0, 1.0));
    let mut moved = s.clone();
    moved.faults[1].at_s = 30.0;
    let mut tl = Timeline::new(Simulation::new(&s).expect("valid"), 2_000_000);
    tl.seek(20_000_000);
    tl.apply_scenario_change(&moved).expect("faults are not shape");
    tl.seek(END);
    let crashes = |sim: &Simulation| {
        sim.metrics().groups.iter().find(|g| g.id == GROUP).expect("group").counters.crashes
    };
    assert_eq!(crashes(tl.sim()), 2);
    assert_eq!(crashes(&run(&moved, END)), 1);
}

/// A node that fits each kind in the lesson.
fn node_for(kind: FaultKind) -> NodeId {
    [PRODUCER, TOPIC, PROJECTION, GROUP]
        .into_iter()
        .find(|&n| kind.fits(lesson().node(n).expect("node").kind.tag()))
        .expect("the lesson has a node for every kind")
}

#[test]
fn every_kind_has_a_node_in_the_lesson_and_a_label() {
    for kind in FaultKind::ALL {
        assert!(kind.fits(lesson().node(node_for(kind)).expect("node").kind.tag()));
        assert!(!kind.label().is_empty() && !kind.action().is_empty());
    }
    assert!(
        FaultKind::Poison.fits(NodeKindTag::Producer)
            && !FaultKind::Poison.fits(NodeKindTag::Topic)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// (c) Any fault, at any microsecond of a week, comes back from a share link and from JSON
    /// as it was, and its time and duration as the same microseconds.
    #[test]
    fn faults_survive_links_and_json_to_the_microsecond(
        at in 0u64..=604_800_000_000,
        duration in 0u64..=604_800_000_000,
        kind in 0usize..FaultKind::ALL.len(),
        factor in 1.0f64..=1000.0,
        count in 1u32..=10_000,
        one in any::<bool>(),
    ) {
        let kind = FaultKind::ALL[kind];
        let mut s = lesson();
        s.faults.push(Fault {
            node: node_for(kind),
            kind,
            at_s: us_to_secs(at),
            duration_s: us_to_secs(duration),
            instance: (one && kind.has_instance()).then_some(0),
            factor,
            count,
            broker: 0,
        });
        let linked = link::decode(&link::encode(&s)).expect("opens");
        prop_assert_eq!(&linked, &s);
        let read = Scenario::from_json(&s.to_json()).expect("reads");
        prop_assert_eq!(&read, &s);
        for back in [&linked, &read] {
            let f = back.faults.last().expect("the fault");
            prop_assert_eq!(secs_to_us(f.at_s), at);
            prop_assert_eq!(secs_to_us(f.duration_s), duration);
        }
    }
}
