//! Two designs on the same seed: scenario A and its variant B run in lockstep (the same
//! simulated time, the same seed), their figures side by side with the difference, and each
//! one's checks.

use super::replications::Measure;
use super::{Micros, Simulation, Verdict, HEADLINES};
use crate::scenario::{
    format_number, format_value, Check, CheckFigure, CheckUnit, Problem, Scenario,
};
use serde::Serialize;

/// Two simulations advanced together: what the command line and a browser comparison run.
pub struct Lockstep {
    /// A, then B.
    pub sims: [Simulation; 2],
}

/// Which of the two could not run, and why.
#[derive(Debug)]
pub struct CannotRun {
    /// 0 for A, 1 for B.
    pub which: usize,
    /// Its problems.
    pub problems: Vec<Problem>,
}

impl Lockstep {
    /// A and B, both with `seed`.
    pub fn new(a: &Scenario, b: &Scenario, seed: u64) -> Result<Lockstep, CannotRun> {
        let start = |which: usize, s: &Scenario| {
            let mut s = s.clone();
            s.seed = seed;
            Simulation::new(&s).map_err(|problems| CannotRun { which, problems })
        };
        Ok(Lockstep { sims: [start(0, a)?, start(1, b)?] })
    }

    /// Runs both to `t_us`.
    pub fn advance_to(&mut self, t_us: Micros) {
        for sim in &mut self.sims {
            sim.advance_to(t_us);
        }
    }

    /// Both simulations, for [`rows`] and [`check_pairs`].
    pub fn pair(&self) -> [&Simulation; 2] {
        [&self.sims[0], &self.sims[1]]
    }
}

/// One row of a comparison: a measure and its value in A and in B (`None` where that
/// scenario has no such node).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// What is measured.
    pub measure: Measure,
    /// A's value.
    pub a: Option<f64>,
    /// B's value.
    pub b: Option<f64>,
}

impl Row {
    /// B − A, when both have the measure.
    pub fn difference(&self) -> Option<f64> {
        Some(self.b? - self.a?)
    }
}

/// A check of A, of B or of both, with whether it held at the end in each (`None` where that
/// scenario does not state it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckPair {
    /// The check.
    pub check: Check,
    /// Whether it held in A.
    pub a: Option<bool>,
    /// Whether it held in B.
    pub b: Option<bool>,
}

/// Both runs' figures, row by row: A's measures in A's order, then those only B has.
/// `run` is A's and B's simulation at the same time: a [`Lockstep`]'s, or the browser's two
/// players'.
pub fn rows(a: &Scenario, b: &Scenario, run: [&Simulation; 2]) -> Vec<Row> {
    let mut measures = Measure::all(a);
    for m in Measure::all(b) {
        if !measures.contains(&m) {
            measures.push(m);
        }
    }
    let has = |s: &Scenario, m: &Measure| match m {
        Measure::Figure(Some(id), f) => {
            s.node(*id).is_some_and(|n| f.applies_to(Some(n.kind.tag())))
        }
        _ => true,
    };
    let values = |sim: &Simulation| {
        let lost = sim.figure(None, CheckFigure::Lost).unwrap_or_default() as u64;
        sim.metrics().headlines(lost)
    };
    let (ha, hb) = (values(run[0]), values(run[1]));
    let read = |sim: &Simulation, h: &[super::Headline; HEADLINES.len()], m: &Measure| match *m {
        Measure::Headline(i) => h[usize::from(i)].value as f64,
        Measure::Figure(node, f) => sim.figure(node, f).unwrap_or_default(),
    };
    measures
        .into_iter()
        .map(|m| Row {
            a: has(a, &m).then(|| read(run[0], &ha, &m)),
            b: has(b, &m).then(|| read(run[1], &hb, &m)),
            measure: m,
        })
        .collect()
}

/// Both scenarios' checks at the end: A's in its order (with B's verdict where B states the
/// same check), then those only B states.
pub fn check_pairs(a: &Scenario, b: &Scenario, run: [&Simulation; 2]) -> Vec<CheckPair> {
    let held = |sim: &Simulation| -> Vec<bool> {
        sim.checks().iter().map(|c| c.at_end() == Verdict::Holds).collect()
    };
    let (ha, hb) = (held(run[0]), held(run[1]));
    let in_b = |c: &Check| b.checks.iter().position(|x| x == c).map(|i| hb[i]);
    let mut pairs: Vec<CheckPair> = a
        .checks
        .iter()
        .zip(&ha)
        .map(|(c, &held)| CheckPair { check: c.clone(), a: Some(held), b: in_b(c) })
        .collect();
    for (c, &held) in b.checks.iter().zip(&hb) {
        if !a.checks.contains(c) {
            pairs.push(CheckPair { check: c.clone(), a: None, b: Some(held) });
        }
    }
    pairs
}

/// A row as the command line prints it and the browser shows it: the measure's label and the
/// formatted values (`–` where a scenario has no such node).
#[derive(Clone, Debug, PartialEq)]
pub struct RowText {
    /// The measure, named as A names it (as B does for a node only B has).
    pub label: String,
    /// A's value.
    pub a: String,
    /// B's value.
    pub b: String,
    /// B − A with its sign (`+12`, `−3 ms`, `0`).
    pub difference: String,
}

/// The label of `m`: A's name for it, B's for a node only B has.
pub fn label(a: &Scenario, b: &Scenario, m: &Measure) -> String {
    match m {
        Measure::Figure(Some(id), _) if a.node(*id).is_none() => m.label(b),
        _ => m.label(a),
    }
}

/// Each row in words: one source for the command line's table and the browser's.
pub fn row_texts(a: &Scenario, b: &Scenario, table: &[Row]) -> Vec<RowText> {
    table
        .iter()
        .map(|r| {
            let unit = r.measure.unit();
            let cell = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format_value(v, unit));
            let signless = |d: f64| match unit {
                CheckUnit::Ms => format_value(d, unit),
                _ => format_number(d),
            };
            let difference = r.difference().map_or_else(
                || "–".to_owned(),
                |d| match d {
                    0.0 => "0".to_owned(),
                    d if d > 0.0 => format!("+{}", signless(d)),
                    d => format!("−{}", signless(-d)),
                },
            );
            RowText { label: label(a, b, &r.measure), a: cell(r.a), b: cell(r.b), difference }
        })
        .collect()
}

/// A check's verdict in a comparison's column: `PASS`, `FAIL`, or `–` where that scenario does
/// not state it.
pub fn verdict(held: Option<bool>) -> &'static str {
    match held {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "–",
    }
}
