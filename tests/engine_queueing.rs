//! Agreement with queueing theory over long runs: M/M/1 and Little's law.

use fanout::engine::Simulation;
use fanout::scenario::*;

mod queueing_support;
use queueing_support::mm1;

fn close(got: f64, want: f64, tolerance: f64, what: &str) {
    let err = (got - want).abs() / want;
    assert!(err < tolerance, "{what}: got {got:.4}, theory {want:.4} ({:.1} % off)", err * 100.0);
}

#[test]
fn mm1_matches_theory() {
    for (lambda, mu, seed) in [(50.0, 100.0, 1u64), (70.0, 100.0, 2)] {
        let mut sim = Simulation::new(&mm1(lambda, mu, seed)).expect("valid");
        sim.advance_to(4_000 * 1_000_000);
        let m = sim.metrics();
        let g = &m.groups[0];
        let rho: f64 = lambda / mu;
        let w_s = 1.0 / (mu - lambda);
        let l = rho / (1.0 - rho);
        println!(
            "λ={lambda} μ={mu}: W {:.5} s (theory {w_s:.5}), L {:.4} (theory {l:.4}), n={}",
            g.mean_time_in_system_us / 1e6,
            g.mean_in_system,
            g.counters.processed
        );
        close(g.mean_time_in_system_us / 1e6, w_s, 0.05, "mean time in system W");
        close(g.mean_in_system, l, 0.05, "mean number in system L");
        close(g.processing.mean_us / 1e6, 1.0 / mu, 0.02, "mean service time");
        close(g.throughput_per_s, lambda, 0.02, "throughput");
    }
}

#[test]
fn littles_law_holds_for_every_group() {
    for entry in gallery::all() {
        let mut sim = Simulation::new(&entry.scenario).expect("gallery scenarios run");
        sim.advance_to(600 * 1_000_000);
        for g in sim.metrics().groups {
            // Only groups that process a steady stream: Little's law is about long-run averages.
            if g.counters.processed < 5_000 || g.counters.retried > 0 || g.counters.crashes > 0 {
                continue;
            }
            let lambda = g.throughput_per_s;
            let w = g.mean_time_in_system_us / 1e6;
            let what = format!("{} / {}: L = λW", entry.slug, g.name);
            close(g.mean_in_system, lambda * w, 0.05, &what);
        }
    }
}
