//! The engine runs the gallery's default scenario and keeps its books.

use fanout::engine::*;
use fanout::scenario::Scenario;

#[test]
fn default_scenario_runs_and_conserves() {
    let s = Scenario::default();
    let mut sim = Simulation::new(&s).expect("valid");
    for step in 1..=60 {
        sim.advance_to(step * 1_000_000);
        sim.audit().unwrap_or_else(|e| panic!("t={step}s: {e}"));
    }
    let m = sim.metrics();
    assert_eq!(m.groups.len(), 4);
    for g in &m.groups {
        assert!(g.conserved, "{}", g.name);
        assert!(g.counters.produced > 200, "{}: {}", g.name, g.counters.produced);
        assert!(g.counters.processed > 0);
        assert_eq!(g.counters.duplicate_side_effects, 0);
    }
    let snap = sim.snapshot();
    assert_eq!(snap.nodes.len(), 6);
    assert_eq!(snap.partitions.len(), 3);
    println!("{}", serde_json::to_string_pretty(&m.groups[0].counters).unwrap_or_default());
}
