//! Compare mode's model: a scenario with a `variant` through files and share links, the list of
//! changed settings, the editor's actions, and the lockstep run against each design alone.

use fanout::editor::{Action, Editor, Outcome};
use fanout::engine::compare::{check_pairs, row_texts, rows, Lockstep};
use fanout::engine::Simulation;
use fanout::scenario::diff::differences;
use fanout::scenario::{gallery, link, GroupConfig, Guarantee, NodeKind, Scenario};

fn lesson() -> Scenario {
    gallery::find("checkout-fan-out").expect("lesson").scenario
}

/// The lesson with a variant whose `orders` topic has 3 partitions and whose Payment group is
/// effectively-once.
fn compared() -> Scenario {
    let mut s = lesson();
    let mut v = s.make_variant();
    for n in &mut v.nodes {
        match &mut n.kind {
            NodeKind::Topic(t) if n.name == "orders" => t.partitions = 3,
            NodeKind::ConsumerGroup(g) if n.name == "Payment" => {
                g.guarantee = Guarantee::EffectivelyOnce
            }
            _ => {}
        }
    }
    s.variant = Some(Box::new(v));
    s
}

#[test]
fn a_variant_goes_through_a_file_and_a_link_unchanged() {
    let s = compared();
    assert_eq!(Scenario::from_json(&s.to_json_pretty()), Ok(s.clone()));
    let l = link::encode(&s);
    assert_eq!(link::decode(&l), Ok(s.clone()));
    // The variant repeats the scenario, which deflate finds: the link grows by a fraction.
    let alone = link::encode(&lesson()).len();
    println!("checkout fan-out link: {alone} characters alone, {} with its variant", l.len());
    assert!(l.len() < alone * 3 / 2, "{} chars with the variant, {alone} alone", l.len());
    // The variant's keys are packed like the scenario's.
    assert!(link::packed_json(&s).contains(r#""Sc":{"A":1"#), "{}", link::packed_json(&s));
}

#[test]
fn a_variant_inside_a_variant_is_refused_in_a_file_and_a_link() {
    let mut s = compared();
    let inner = s.clone();
    if let Some(v) = s.variant.as_deref_mut() {
        v.variant = Some(Box::new(inner));
    }
    let e = Scenario::from_json(&s.to_json()).expect_err("refused");
    assert!(e.to_string().contains("variant.variant"), "{e}");
    assert!(link::decode(&link::encode(&s)).is_err());
    assert!(s.validate().iter().any(|p| p.field == "variant.variant"));
}

#[test]
fn a_link_whose_variant_cannot_run_is_refused_and_opens_leniently() {
    let mut s = compared();
    if let Some(v) = s.variant.as_deref_mut() {
        if let NodeKind::Topic(t) = &mut v.nodes[1].kind {
            t.partitions = 0;
        }
    }
    let l = link::encode(&s);
    let e = link::decode(&l).expect_err("the variant cannot run");
    assert!(e.to_string().contains("variant: node 2: topic.partitions"), "{e}");
    assert_eq!(link::decode_lenient(&l), Ok(s.clone()));
    // The scenario itself still runs: its own problems do not include the variant's.
    assert!(s.is_runnable());
}

#[test]
fn a_variant_in_a_file_reads_with_the_shorthands_and_names_its_errors() {
    let text = r#"{"nodes":[{"id":1,"kind":"producer"},{"id":2,"kind":"topic"}],
        "edges":[{"id":1,"from":1,"to":2}],
        "variant":{"nodes":[{"id":1,"kind":"producer"},{"id":2,"kind":"topic"}],"edges":[{"id":1,"from":1,"to":2}]}}"#;
    let s = Scenario::from_json(text).expect("reads");
    assert_eq!(s.variant.as_deref().map(|v| v.edges.len()), Some(1));
    let bad = r#"{"variant":{"nodes":[{"id":1,"kind":"widget"}]}}"#;
    let e = Scenario::from_json(bad).expect_err("unknown kind");
    assert!(e.to_string().contains("variant.nodes[0].kind"), "{e}");
    let newer = r#"{"variant":{"version":99}}"#;
    assert!(Scenario::from_json(newer).is_err());
}

#[test]
fn the_changed_settings_are_what_the_variant_changed() {
    let s = compared();
    let (a, b) = s.compared().expect("compared");
    assert!(a.variant.is_none());
    let lines: Vec<String> = differences(&a, b)
        .iter()
        .map(|d| format!("{}: {} → {}", d.path, d.before, d.after))
        .collect();
    assert_eq!(
        lines,
        [
            "orders: kind.topic.partitions: 6 → 3",
            "Payment: kind.consumer_group.guarantee: default → \"effectively_once\"",
        ]
    );
}

#[test]
fn lockstep_on_one_seed_is_each_design_run_alone() {
    let s = compared();
    let (a, b) = s.compared().expect("compared");
    let t = 20_000_000;
    let mut run = Lockstep::new(&a, b, a.seed).expect("both run");
    run.advance_to(t);
    for (i, design) in [&a, b].into_iter().enumerate() {
        // The document with its variant runs as the design alone: the engine ignores it.
        let mut alone = Simulation::new(design).expect("runs");
        alone.advance_to(t);
        assert_eq!(run.sims[i].trace_hash(), alone.trace_hash(), "design {i}");
        assert_eq!(run.sims[i].metrics(), alone.metrics(), "design {i}");
    }
    let mut with_variant = Simulation::new(&s).expect("runs");
    with_variant.advance_to(t);
    assert_eq!(with_variant.trace_hash(), run.sims[0].trace_hash());
    // The rows: A's and B's values as each alone gives them; some differ.
    let table = rows(&a, b, run.pair());
    let texts = row_texts(&a, b, &table);
    assert_eq!(texts.len(), table.len());
    assert!(table.iter().any(|r| r.difference().is_some_and(|d| d != 0.0)));
    for (r, t) in table.iter().zip(&texts) {
        match r.difference() {
            Some(d) if d > 0.0 => assert!(t.difference.starts_with('+'), "{t:?}"),
            Some(d) if d < 0.0 => assert!(t.difference.starts_with('−'), "{t:?}"),
            Some(_) => assert_eq!(t.difference, "0"),
            None => assert_eq!(t.difference, "–"),
        }
    }
    assert_eq!(check_pairs(&a, b, run.pair()).len(), a.checks.len());
}

#[test]
fn the_editor_makes_switches_and_ends_a_comparison_each_one_undo_step() {
    let mut e = Editor::new(lesson());
    assert_eq!(e.apply(Action::MakeVariant), Outcome::Edited);
    assert!(matches!(e.apply(Action::MakeVariant), Outcome::Refused(_)));
    let v = e.scenario().variant.clone().expect("a variant");
    assert!(v.title.ends_with("(variant)"), "{}", v.title);
    assert!(differences(&lesson(), &v).is_empty(), "a fresh variant changes nothing");
    // Edit A, then switch: B is on the canvas with A as its variant.
    let payment = e.scenario().nodes.iter().find(|n| n.name == "Payment").expect("Payment").id;
    let g = GroupConfig { guarantee: Guarantee::AtMostOnce, ..GroupConfig::default() };
    e.apply(Action::UpdateNode { id: payment, kind: NodeKind::ConsumerGroup(g) });
    let before = (**e.scenario()).clone();
    assert_eq!(e.apply(Action::SwitchVariant), Outcome::Edited);
    assert_eq!(e.scenario().title, v.title);
    assert_eq!(e.scenario().swapped().as_ref(), Some(&before));
    // One seed for both.
    e.apply(Action::SetSeed(42));
    assert_eq!(e.scenario().variant.as_ref().map(|v| v.seed), Some(42));
    assert_eq!(e.apply(Action::EndComparison), Outcome::Edited);
    assert!(e.scenario().variant.is_none());
    e.apply(Action::Undo);
    assert!(e.scenario().variant.is_some(), "ending a comparison is undoable");
    e.apply(Action::Undo);
    e.apply(Action::Undo);
    assert_eq!(**e.scenario(), before);
}
