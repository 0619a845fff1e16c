//! Checks: statements a scenario makes about its figures. The format (round trip, links,
//! validation), the engine's semantics (first violation, pending goals, edits while running)
//! and the gallery's checks, which must come out as each lesson expects.

use fanout::editor::{Action, Editor, Outcome};
use fanout::engine::{secs_to_us, Simulation, Timeline, Verdict};
use fanout::scenario::limits::MAX_CHECKS;
use fanout::scenario::{
    gallery, link, Check, CheckFigure, CheckOp, NodeId, NodeKindTag, Scenario, Severity,
};

/// The duplicate-payment lesson: node 3 crashes after its side effect (duplicates at database
/// 5), node 4 is effectively-once (none at database 6).
fn duplicate_payment() -> Scenario {
    gallery::find("duplicate-payment").expect("lesson").scenario
}

fn with_checks(mut s: Scenario, checks: Vec<Check>) -> Scenario {
    s.checks = checks;
    s
}

fn check(figure: CheckFigure, node: Option<u32>, op: CheckOp, value: f64) -> Check {
    Check::new(figure, node.map(NodeId), op, value)
}

#[test]
fn checks_round_trip_through_json_and_links_and_default_to_nothing_lost() {
    let mut s = duplicate_payment();
    s.checks.push(Check {
        expect_fail: true,
        ..check(CheckFigure::LatencyP99, Some(3), CheckOp::Less, 500.0)
    });
    s.checks.push(check(CheckFigure::Lost, None, CheckOp::Equal, 0.0));
    let json = s.to_json_pretty();
    assert!(json.contains(r#""op": "<""#), "{json}");
    assert!(
        json.contains(
            r#"{
      "figure": "lost"
    }"#
        ),
        "defaults are left out: {json}"
    );
    assert_eq!(Scenario::from_json(&json), Ok(s.clone()));
    assert_eq!(link::decode(&link::encode(&s)), Ok(s.clone()));
    // The new keys have short forms in links.
    let packed = link::packed_json(&s);
    assert!(!packed.contains("\"figure\"") && !packed.contains("\"checks\""), "{packed}");

    let short = Scenario::from_json(r#"{"checks": [{"figure": "lost"}]}"#).expect("reads");
    assert_eq!(short.checks, vec![check(CheckFigure::Lost, None, CheckOp::Equal, 0.0)]);
    assert_eq!(short.checks[0].sentence(&short), "nothing lost");
    // A scenario without checks writes no `checks` field: older documents stay as they were.
    assert!(!Scenario::empty().to_json().contains("checks"));
}

#[test]
fn sentences_come_from_the_one_table() {
    let s = duplicate_payment();
    let say = |c: Check| c.sentence(&s);
    assert_eq!(
        say(check(CheckFigure::DuplicateSideEffects, Some(5), CheckOp::Equal, 0.0)),
        "duplicate side effects at Balances (no key) = 0"
    );
    assert_eq!(
        say(check(CheckFigure::MaxLag, Some(3), CheckOp::Less, 1000.0)),
        "largest lag of Balance (no idempotency) < 1,000 messages"
    );
    assert_eq!(
        say(check(CheckFigure::LatencyP99, Some(4), CheckOp::AtMost, 500.0)),
        "p99 latency of Balance (idempotency key) ≤ 500 ms"
    );
    assert_eq!(
        say(check(CheckFigure::FailedRequests, Some(1), CheckOp::Equal, 0.0)),
        "failed requests of Payments = 0"
    );
    assert_eq!(
        say(check(CheckFigure::Expired, None, CheckOp::Greater, 2.0)),
        "expired in total > 2"
    );
}

#[test]
fn validation_names_the_check_the_field_and_the_problem() {
    let s = with_checks(
        duplicate_payment(),
        vec![
            check(CheckFigure::Lost, Some(99), CheckOp::Equal, 0.0),
            check(CheckFigure::RejectedWrites, Some(3), CheckOp::Equal, 0.0),
            check(CheckFigure::MaxLag, None, CheckOp::Less, 10.0),
            check(CheckFigure::Lost, None, CheckOp::Less, f64::NAN),
            check(CheckFigure::Lost, None, CheckOp::Greater, -1.0),
            check(CheckFigure::Processed, Some(2), CheckOp::Greater, 0.0),
        ],
    );
    let problems: Vec<String> = s.validate().iter().map(ToString::to_string).collect();
    let expected = [
        "error: checks[0].node: node 99 does not exist",
        "error: node 3: checks[1].figure: a consumer group has no rejected writes",
        "error: checks[2].node: largest lag has no meaning over the whole scenario: name a node",
        "error: checks[3].value: is not a number",
        "error: checks[4].value: is -1; it must be at least 0",
        "error: node 2: checks[5].figure: a topic has no processed",
    ];
    for e in expected {
        assert!(problems.iter().any(|p| p == e), "{e} not in {problems:#?}");
    }
    let too_many = with_checks(
        duplicate_payment(),
        vec![check(CheckFigure::Lost, None, CheckOp::Equal, 0.0); MAX_CHECKS + 1],
    );
    let problems = too_many.validate();
    assert!(problems.iter().any(|p| p.severity == Severity::Error && p.field == "checks"));
}

#[test]
fn every_figure_applies_where_the_table_says() {
    // Topics and outboxes have figures of their own, and only those (a topic's last three are
    // its partitions' replication, with brokers).
    let of = |kind| CheckFigure::ALL.into_iter().filter(move |f| f.applies_to(Some(kind)));
    let topic: Vec<_> = of(NodeKindTag::Topic).collect();
    assert_eq!(
        topic,
        [
            CheckFigure::Expired,
            CheckFigure::Appended,
            CheckFigure::Retained,
            CheckFigure::Refused,
            CheckFigure::UnderReplicatedPartitions,
            CheckFigure::OfflinePartitions,
            CheckFigure::LeaderElections
        ]
    );
    assert_eq!(of(NodeKindTag::DeadLetterQueue).collect::<Vec<_>>(), topic);
    assert_eq!(
        of(NodeKindTag::Outbox).collect::<Vec<_>>(),
        [
            CheckFigure::Refused,
            CheckFigure::RowsWritten,
            CheckFigure::Pending,
            CheckFigure::Published,
            CheckFigure::RelayCrashes
        ]
    );
    assert!(!CheckFigure::Processed.applies_to(Some(NodeKindTag::Outbox)));
    assert!(CheckFigure::Backlog.applies_to(Some(NodeKindTag::Projection)));
    assert!(!CheckFigure::Backlog.applies_to(Some(NodeKindTag::ConsumerGroup)));
    assert!(CheckFigure::Lost.applies_to(None));
    assert!(CheckFigure::Lost.applies_to(Some(NodeKindTag::Producer)));
    assert!(CheckFigure::DuplicateSideEffects.applies_to(Some(NodeKindTag::Database)));
    assert!(CheckFigure::LatencyP99.applies_to(Some(NodeKindTag::Projection)));
    assert!(!CheckFigure::RequestLatencyP99.applies_to(Some(NodeKindTag::Service)));
}

/// Runs `s` to `t_s` seconds.
fn run(s: &Scenario, t_s: f64) -> Simulation {
    let mut sim = Simulation::new(s).expect("runs");
    sim.advance_to(secs_to_us(t_s));
    sim
}

#[test]
fn an_upper_bound_fails_at_the_first_sample_over_it_and_stays_failed() {
    let s = with_checks(
        duplicate_payment(),
        vec![
            check(CheckFigure::DuplicateSideEffects, Some(5), CheckOp::Equal, 0.0),
            check(CheckFigure::DuplicateSideEffects, Some(6), CheckOp::Equal, 0.0),
        ],
    );
    let end = run(&s, 120.0).checks();
    assert_eq!(end[1].verdict, Verdict::Holds);
    assert_eq!(end[0].verdict, Verdict::Fails);
    assert_eq!(end[0].value, 26.0);
    let first = end[0].first_violation_us.expect("a first violation");
    // The first duplicate happened in the sample interval (100 ms this early) before the
    // violation was seen: at the sample before, it held.
    let mut sim = Simulation::new(&s).expect("runs");
    sim.advance_to(first - 100_000);
    assert_eq!(sim.checks()[0].verdict, Verdict::Holds, "holds at the sample before");
    assert_eq!(sim.metrics().databases[0].duplicate_side_effects, 0);
    // Between samples, a figure already over its bound is reported as violated now.
    sim.advance_to(first - 1);
    if sim.metrics().databases[0].duplicate_side_effects > 0 {
        assert_eq!(sim.checks()[0].first_violation_us, Some(first - 1));
    }
    sim.advance_to(first);
    assert_eq!(sim.checks()[0].verdict, Verdict::Fails);
    assert_eq!(sim.checks()[0].first_violation_us, Some(first));
    // Later figures do not move the first violation.
    sim.advance_to(first + 30_000_000);
    assert_eq!(sim.checks()[0].first_violation_us, Some(first));
}

#[test]
fn a_lower_bound_is_pending_until_met_and_fails_only_at_the_end() {
    let s = with_checks(
        duplicate_payment(),
        vec![
            check(CheckFigure::DuplicateSideEffects, Some(5), CheckOp::Greater, 0.0),
            check(CheckFigure::Processed, Some(3), CheckOp::AtLeast, 1.0e9),
        ],
    );
    let early = run(&s, 0.5).checks();
    assert_eq!(early[0].verdict, Verdict::Pending);
    assert_eq!(early[0].first_violation_us, None);
    let end = run(&s, 120.0).checks();
    assert_eq!(end[0].verdict, Verdict::Holds);
    assert_eq!(end[0].at_end(), Verdict::Holds);
    assert_eq!(end[1].verdict, Verdict::Pending);
    assert_eq!(end[1].at_end(), Verdict::Fails, "a goal not met by the end fails");
    assert_eq!(end[1].first_violation_us, None);
}

#[test]
fn equality_is_a_goal_below_and_a_violation_above() {
    let s = with_checks(
        duplicate_payment(),
        vec![check(CheckFigure::DuplicateSideEffects, Some(5), CheckOp::Equal, 3.0)],
    );
    assert_eq!(run(&s, 0.5).checks()[0].verdict, Verdict::Pending);
    let end = run(&s, 120.0).checks();
    assert_eq!(end[0].verdict, Verdict::Fails);
    assert!(end[0].first_violation_us.is_some());
}

#[test]
fn checks_change_neither_the_run_nor_its_hash_and_survive_a_rewind() {
    let plain = with_checks(duplicate_payment(), Vec::new());
    let checked = duplicate_payment();
    assert!(!checked.checks.is_empty());
    let (a, b) = (run(&plain, 60.0), run(&checked, 60.0));
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.events_processed(), b.events_processed());

    // Seeking back and forth through checkpoints gives the same first violations.
    let straight = run(&checked, 60.0).checks();
    let mut tl = Timeline::new(Simulation::new(&checked).expect("runs"), 5_000_000);
    tl.seek(secs_to_us(60.0));
    tl.seek(secs_to_us(10.0));
    tl.seek(secs_to_us(60.0));
    assert_eq!(tl.sim().checks(), straight);
}

#[test]
fn checks_edited_while_running_keep_what_unchanged_checks_saw() {
    let keyless = check(CheckFigure::DuplicateSideEffects, Some(5), CheckOp::Equal, 0.0);
    let s = with_checks(duplicate_payment(), vec![keyless.clone()]);
    let mut sim = run(&s, 60.0);
    let first = sim.checks()[0].first_violation_us.expect("violated");
    let lag = check(CheckFigure::MaxLag, Some(3), CheckOp::Less, 1.0);
    let edited = with_checks(duplicate_payment(), vec![lag, keyless]);
    sim.apply_scenario_change(&edited).expect("checks can change while running");
    let now = sim.checks();
    assert_eq!(now.len(), 2);
    assert_eq!(now[1].first_violation_us, Some(first), "an unchanged check keeps its record");
    sim.advance_to(secs_to_us(61.0));
    assert!(sim.checks()[0].first_violation_us.is_some_and(|t| t >= secs_to_us(60.0)));
}

#[test]
fn every_lesson_states_its_point_and_its_checks_come_out_as_it_expects() {
    for entry in gallery::all() {
        let s = &entry.scenario;
        assert!(s.checks.len() >= 2, "{}: a lesson states its point as checks", entry.slug);
        assert!(
            s.checks.iter().any(|c| c.expect_fail) && s.checks.iter().any(|c| !c.expect_fail),
            "{}: a green and a red line",
            entry.slug
        );
        let statuses =
            fanout::cli::evaluate_checks(s, s.run_duration_s()).expect("gallery scenarios run");
        for (c, status) in s.checks.iter().zip(&statuses) {
            assert!(
                fanout::cli::as_expected(c, status),
                "{}: `{}` came out {:?} ({})",
                entry.slug,
                c.sentence(s),
                status.verdict,
                status.value
            );
            if c.expect_fail && status.verdict == Verdict::Fails {
                assert!(status.first_violation_us.is_some(), "{}: a red line to click", entry.slug);
            }
        }
    }
}

#[test]
fn the_editor_adds_and_deletes_checks_as_undoable_edits() {
    let mut editor = Editor::new(duplicate_payment());
    let before = editor.scenario().checks.len();
    let lag = check(CheckFigure::MaxLag, Some(3), CheckOp::Less, 1000.0);
    assert_eq!(editor.apply(Action::AddCheck(lag.clone())), Outcome::Edited);
    assert_eq!(editor.scenario().checks.last(), Some(&lag));
    let wrong = check(CheckFigure::RejectedWrites, Some(3), CheckOp::Equal, 0.0);
    assert_eq!(
        editor.apply(Action::AddCheck(wrong)),
        Outcome::Refused("A consumer group has no rejected writes.".to_owned())
    );
    assert_eq!(editor.apply(Action::DeleteCheck(0)), Outcome::Edited);
    assert_eq!(editor.scenario().checks.len(), before);
    assert_eq!(editor.apply(Action::Undo), Outcome::Edited);
    assert_eq!(editor.scenario().checks.len(), before + 1);
    // Deleting a node deletes the checks about it.
    editor.apply(Action::SelectNode { id: NodeId(5), additive: false });
    editor.apply(Action::DeleteSelection);
    assert!(editor.scenario().checks.iter().all(|c| c.node != Some(NodeId(5))));
    assert!(editor.scenario().is_runnable());
}

#[test]
fn the_docs_list_every_figure_with_its_label_and_unit() {
    let docs = include_str!("../docs/scenario-format.md");
    for figure in CheckFigure::ALL {
        let unit = match figure.unit().label() {
            "" => "count",
            other => other,
        };
        let row = format!("| `{}` | {} | {unit} |", figure.code(), figure.label());
        assert!(docs.contains(&row), "docs/scenario-format.md lacks the row {row}");
    }
}
