//! Story mode (issue 15): a scenario's captioned steps travel in files and links, validation
//! bounds them, the editor changes them as undoable edits that keep the run, and the step that
//! shows and the next stop are worked out in one place.

use fanout::editor::{Action, Editor, Outcome};
use fanout::scenario::{gallery, link, NodeId, Scenario, Severity, Step};

/// The duplicate-payment lesson without its own story.
fn lesson() -> Scenario {
    let mut s = gallery::find("duplicate-payment").expect("lesson").scenario;
    s.steps.clear();
    s
}

fn step(at_s: f64, caption: &str, pause: bool) -> Step {
    Step { at_s, caption: caption.into(), highlight: Vec::new(), pause }
}

fn errors_at(s: &Scenario, field: &str) -> Vec<String> {
    s.validate()
        .into_iter()
        .filter(|p| p.severity == Severity::Error && p.field.starts_with(field))
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn the_step_that_shows_is_the_last_started_in_time_order() {
    let mut s = Scenario::empty();
    s.steps = vec![
        step(10.0, "c", false),
        step(0.0, "a", true),
        step(10.0, "d", false),
        step(5.0, "b", true),
    ];
    assert_eq!(s.step_at(-1.0), None);
    assert_eq!(s.step_at(0.0).map(|(i, st)| (i, st.caption.as_str())), Some((0, "a")));
    assert_eq!(s.step_at(7.5).map(|(i, st)| (i, st.caption.as_str())), Some((1, "b")));
    // Equal times keep list order: the later one in the list shows.
    assert_eq!(s.step_at(10.0).map(|(i, st)| (i, st.caption.as_str())), Some((3, "d")));
    // Stops: only pausing steps, strictly after now.
    assert_eq!(s.next_pause_after(0.0), Some(5.0));
    assert_eq!(s.next_pause_after(5.0), None);
    assert_eq!(Scenario::empty().step_at(3.0), None);
}

#[test]
fn steps_travel_in_files_and_links_and_old_documents_have_none() {
    let mut s = lesson();
    s.steps = vec![Step {
        at_s: 3.25,
        caption: "Watch the “no key” database.".into(),
        highlight: vec![NodeId(5)],
        pause: true,
    }];
    let json = s.to_json_pretty();
    assert!(json.contains("\"steps\""));
    assert_eq!(Scenario::from_json(&json).expect("reads its own file").steps, s.steps);
    let back = link::decode(&link::encode(&s)).expect("reads its own link");
    assert_eq!(back.steps, s.steps);
    assert_eq!(back, s, "nothing else moves");
    assert!(!lesson().to_json_pretty().contains("\"steps\""), "no story, no key");
    let old = Scenario::from_json(r#"{ "title": "old" }"#).expect("an old document");
    assert!(old.steps.is_empty());
}

#[test]
fn validation_bounds_the_story() {
    let mut s = lesson();
    s.steps = vec![step(-1.0, "x", false)];
    assert_eq!(errors_at(&s, "steps[0].at_s").len(), 1, "{:?}", s.validate());
    s.steps = vec![step(1.0, &"x".repeat(401), false)];
    assert_eq!(errors_at(&s, "steps[0].caption").len(), 1);
    s.steps = vec![Step { highlight: vec![NodeId(99)], ..step(1.0, "x", false) }];
    assert_eq!(errors_at(&s, "steps[0].highlight").len(), 1);
    s.steps = vec![step(1.0, "   ", false)];
    assert!(errors_at(&s, "steps").is_empty(), "an empty caption is only a warning");
    assert!(s
        .validate()
        .iter()
        .any(|p| p.field == "steps[0].caption" && p.severity == Severity::Warning));
    s.steps = (0..33).map(|i| step(f64::from(i), "x", false)).collect();
    assert!(!errors_at(&s, "steps").is_empty(), "at most 32 steps");
}

#[test]
fn the_editor_changes_steps_as_undoable_edits_that_keep_the_run() {
    let mut e = Editor::new(lesson());
    let before = e.scenario().clone();
    assert_eq!(e.apply(Action::AddStep(step(3.0, "first", true))), Outcome::Edited);
    assert!(e.scenario().same_run_as(&before), "a story edit keeps the run");
    let edited = Step { highlight: vec![NodeId(3), NodeId(5)], ..step(4.0, "moved", true) };
    assert_eq!(e.apply(Action::UpdateStep { index: 0, step: edited.clone() }), Outcome::Edited);
    assert_eq!(e.scenario().steps, vec![edited]);
    // A bad step is refused with a sentence, and nothing changes.
    match e.apply(Action::UpdateStep { index: 0, step: step(-5.0, "x", false) }) {
        Outcome::Refused(why) => assert!(why.starts_with("Its time"), "{why}"),
        other => panic!("{other:?}"),
    }
    // Deleting a highlighted node takes it out of the step.
    e.apply(Action::SelectNode { id: NodeId(3), additive: false });
    e.apply(Action::DeleteSelection);
    assert_eq!(e.scenario().steps[0].highlight, vec![NodeId(5)]);
    e.apply(Action::Undo);
    assert_eq!(e.scenario().steps[0].highlight, vec![NodeId(3), NodeId(5)]);
    assert_eq!(e.apply(Action::DeleteStep(0)), Outcome::Edited);
    assert!(e.scenario().steps.is_empty());
    e.apply(Action::Undo);
    e.apply(Action::Undo);
    e.apply(Action::Undo);
    assert_eq!(*e.scenario(), before, "undo walks back every step edit");
}
