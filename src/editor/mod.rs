//! The diagram editor's model: one [`Editor`] changed only by [`Action`]s through
//! [`Editor::apply`], so that undo/redo, share links, the UI and the tests all take one path.
//!
//! Pure Rust (no browser APIs), so all of it is tested natively: the canvas's pointer gestures
//! (`gesture`: a drag shows an ephemeral offset and only the drop becomes an action, so a drag
//! is one undo step), its keys (`keys`), the shell of panes and dialogs around it (`shell`),
//! and the words a topic shows of its partitions' replication while it runs (`replication`).

pub mod drafts;
pub mod geometry;
pub mod gesture;
mod history;
pub mod keys;
pub mod layout;
pub mod placement;
pub mod replication;
mod selection;
pub mod shell;
pub mod viewport;

use std::rc::Rc;

use crate::scenario::{
    edge_allowed, limits, Check, Edge, EdgeId, EdgeKind, Fault, Node, NodeId, NodeKind,
    NodeKindTag, Scenario, Severity, Step,
};

pub use history::History;
pub use selection::Selection;

/// Grid pitch in world units: nodes snap to it when placed or dropped.
pub const GRID: f64 = 24.0;
/// Width of a node box in world units (the canvas draws it; hit tests and layout use it).
pub const NODE_W: f64 = 176.0;
/// Height of a node box in world units.
pub const NODE_H: f64 = 68.0;
/// How far a duplicate lands from its original, in world units.
const DUPLICATE_OFFSET: f64 = 2.0 * GRID;

/// An edit or a selection change. Document edits are undoable; selection changes are not.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Adds a node of `kind` centred at world (`x`, `y`) (snapped) and selects it.
    AddNode { kind: NodeKindTag, x: f64, y: f64 },
    /// Moves nodes by (`dx`, `dy`) world units; their new positions snap to the grid. Sent on
    /// drop, so one drag is one undo step.
    MoveNodes { ids: Vec<NodeId>, dx: f64, dy: f64 },
    /// Places nodes at given positions (auto-layout, or a drop computed elsewhere).
    PlaceNodes(Vec<(NodeId, f64, f64)>),
    /// Lays the whole graph out in layers, left to right.
    AutoLayout,
    /// Connects two nodes; refused with a reason when the pair makes no sense.
    Connect { from: NodeId, to: NodeId },
    /// Removes the selected nodes (with their edges and faults) and edges.
    DeleteSelection,
    /// Copies the selected nodes (and the edges among them) beside the originals, and selects
    /// the copies.
    DuplicateSelection,
    /// Renames a node.
    Rename { id: NodeId, name: String },
    /// Replaces a node's settings (its kind must stay the same).
    UpdateNode { id: NodeId, kind: NodeKind },
    /// Replaces an edge's settings (its ends and kind stay the same).
    UpdateEdge(Edge),
    /// Sets the scenario's title.
    SetTitle(String),
    /// Sets the scenario's notes.
    SetNotes(String),
    /// Sets the seed of the simulation.
    SetSeed(u64),
    /// Sets how long a run lasts, in simulated seconds (`None`: the default).
    SetDuration(Option<f64>),
    /// Adds a check at the end of the scenario's list; refused with a reason when it names a
    /// node that is not there, a figure that node has not, a bad bound, or one check too many.
    AddCheck(Check),
    /// Removes the check at this position in the scenario's list.
    DeleteCheck(usize),
    /// Adds a scheduled fault at the end of the scenario's list (a fault injected during a run
    /// comes here too, at its time); refused with a reason when validation finds it wrong.
    AddFault(Fault),
    /// Replaces the fault at this position (moved, resized or edited); refused like `AddFault`.
    UpdateFault { index: usize, fault: Fault },
    /// Removes the fault at this position.
    DeleteFault(usize),
    /// Adds a story step; refused with a reason when validation finds it wrong or the story is
    /// full. Steps never change the run (an edit relabels it).
    AddStep(Step),
    /// Replaces the story step at this position; refused like `AddStep`.
    UpdateStep { index: usize, step: Step },
    /// Removes the story step at this position.
    DeleteStep(usize),
    /// Replaces the whole scenario (gallery, import, share link); undoable.
    Load(Scenario),
    /// Starts a comparison: the scenario gets a variant, a copy of itself to change
    /// ([`Scenario::make_variant`]); undoable. Refused when it has one.
    MakeVariant,
    /// Shows the other design of the comparison for editing ([`Scenario::swapped`]); undoable.
    SwitchVariant,
    /// Ends the comparison, keeping the design shown and dropping the other; undoable.
    EndComparison,
    /// Selects one node; with `additive` toggles it in the current selection (Shift+click).
    SelectNode { id: NodeId, additive: bool },
    /// Selects one edge; with `additive` toggles it.
    SelectEdge { id: EdgeId, additive: bool },
    /// Selects the nodes whose boxes intersect the world rectangle; `additive` keeps the rest.
    SelectInRect { x0: f64, y0: f64, x1: f64, y1: f64, additive: bool },
    /// Selects every node and edge.
    SelectAll,
    /// Clears the selection.
    ClearSelection,
    /// Undoes the last document edit.
    Undo,
    /// Redoes the last undone edit.
    Redo,
}

/// What [`Editor::apply`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The document changed (an undo step was recorded, or undo/redo moved).
    Edited,
    /// Only the selection changed.
    Selected,
    /// Nothing changed (an empty move, undo with no history…).
    Unchanged,
    /// The action was refused; the reason is one short sentence for the user.
    Refused(String),
}

/// The editor's whole state.
#[derive(Clone, Debug)]
pub struct Editor {
    scenario: Rc<Scenario>,
    selection: Selection,
    history: History,
    /// Counts document changes (edits, undo, redo): the UI saves and re-encodes links when it
    /// moves.
    revision: u64,
    /// Counts documents opened ([`Action::Load`] that changed something): the UI keeps each
    /// opened document in a draft of its own, so opening one never overwrites another's draft.
    document: u64,
}

/// Two editors are equal when they show the same document and selection. Cheap by design: the
/// UI compares editors on every render, and the history (up to 200 scenarios) only changes
/// when the revision does.
impl PartialEq for Editor {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && self.selection == other.selection
    }
}

impl Default for Editor {
    fn default() -> Self {
        Self::new(Scenario::default())
    }
}

impl Editor {
    /// An editor on `scenario`, with nothing selected and no history.
    pub fn new(scenario: Scenario) -> Self {
        Self {
            scenario: Rc::new(scenario),
            selection: Selection::default(),
            history: History::default(),
            revision: 0,
            document: 0,
        }
    }

    /// The scenario being edited. Cheap to clone (shared until the next edit).
    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenario
    }

    /// What is selected.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Document revision: moves on every edit, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// How many documents were opened over this one ([`Action::Load`]); undo does not move it.
    pub fn document(&self) -> u64 {
        self.document
    }

    /// Whether [`Action::Undo`] would do something.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether [`Action::Redo`] would do something.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Applies one action: the only way the editor changes.
    pub fn apply(&mut self, action: Action) -> Outcome {
        match action {
            Action::Undo => match self.history.undo(Rc::clone(&self.scenario)) {
                Some(previous) => self.restore(previous),
                None => Outcome::Unchanged,
            },
            Action::Redo => match self.history.redo(Rc::clone(&self.scenario)) {
                Some(next) => self.restore(next),
                None => Outcome::Unchanged,
            },
            Action::SelectNode { id, additive } => {
                if self.scenario.node(id).is_none() {
                    return Outcome::Unchanged;
                }
                self.selection.pick_node(id, additive);
                Outcome::Selected
            }
            Action::SelectEdge { id, additive } => {
                if self.scenario.edge(id).is_none() {
                    return Outcome::Unchanged;
                }
                self.selection.pick_edge(id, additive);
                Outcome::Selected
            }
            Action::SelectInRect { x0, y0, x1, y1, additive } => {
                let (lx, hx) = (x0.min(x1), x0.max(x1));
                let (ly, hy) = (y0.min(y1), y0.max(y1));
                if !additive {
                    self.selection.clear();
                }
                for n in &self.scenario.nodes {
                    let hit = n.x + NODE_W / 2.0 >= lx
                        && n.x - NODE_W / 2.0 <= hx
                        && n.y + NODE_H / 2.0 >= ly
                        && n.y - NODE_H / 2.0 <= hy;
                    if hit {
                        self.selection.nodes.insert(n.id);
                    }
                }
                Outcome::Selected
            }
            Action::SelectAll => {
                self.selection.nodes = self.scenario.nodes.iter().map(|n| n.id).collect();
                self.selection.edges = self.scenario.edges.iter().map(|e| e.id).collect();
                Outcome::Selected
            }
            Action::ClearSelection => {
                if self.selection.is_empty() {
                    return Outcome::Unchanged;
                }
                self.selection.clear();
                Outcome::Selected
            }
            edit => self.edit(edit),
        }
    }

    fn restore(&mut self, scenario: Rc<Scenario>) -> Outcome {
        self.scenario = scenario;
        self.selection.retain_existing(&self.scenario);
        self.revision += 1;
        Outcome::Edited
    }

    /// Applies a document edit to a copy; records the undo step only if the copy differs.
    fn edit(&mut self, action: Action) -> Outcome {
        let opens = matches!(action, Action::Load(_));
        let mut next = (*self.scenario).clone();
        let mut selection = self.selection.clone();
        if let Err(reason) = edit_scenario(&mut next, &mut selection, action) {
            return Outcome::Refused(reason);
        }
        selection.retain_existing(&next);
        self.selection = selection;
        if next == *self.scenario {
            return Outcome::Unchanged;
        }
        let previous = std::mem::replace(&mut self.scenario, Rc::new(next));
        self.history.record(previous);
        self.revision += 1;
        if opens {
            self.document += 1;
        }
        Outcome::Edited
    }
}

/// Snaps a world coordinate to the grid.
pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// Clamps a coordinate into the range the scenario format accepts.
fn clamp_coord(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(-limits::MAX_COORDINATE, limits::MAX_COORDINATE)
    } else {
        0.0
    }
}

/// A name for a new node of `kind` that no other node has (`Topic 2`).
fn fresh_name(s: &Scenario, kind: NodeKindTag) -> String {
    let base = match kind {
        NodeKindTag::Producer => "Producer",
        NodeKindTag::Topic => "Topic",
        NodeKindTag::ConsumerGroup => "Consumer group",
        NodeKindTag::Service => "Service",
        NodeKindTag::DeadLetterQueue => "Dead letters",
        NodeKindTag::Database => "Database",
        NodeKindTag::Projection => "Projection",
        NodeKindTag::Outbox => "Outbox",
    };
    unique_name(s, base)
}

/// `base`, or `base 2`, `base 3`… — the first no node has, never longer than the name limit
/// (the base is shortened to make room for the number).
fn unique_name(s: &Scenario, base: &str) -> String {
    let taken = |name: &str| s.nodes.iter().any(|n| n.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    (2u32..)
        .map(|i| {
            let suffix = format!(" {i}");
            let room = limits::MAX_NAME_LEN.saturating_sub(suffix.chars().count());
            let stem: String = base.chars().take(room).collect();
            format!("{}{suffix}", stem.trim_end())
        })
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_owned())
}

/// Applies one editing action to the scenario (and the selection it changes), or says in one
/// sentence why it cannot be applied. Selecting, undoing and redoing are the editor's own.
fn edit_scenario(s: &mut Scenario, sel: &mut Selection, action: Action) -> Result<(), String> {
    match action {
        Action::AddNode { kind, x, y } => add_node(s, sel, kind, (x, y))?,
        Action::MoveNodes { ids, dx, dy } => {
            for n in s.nodes.iter_mut().filter(|n| ids.contains(&n.id)) {
                let (x, y) = (n.x + dx, n.y + dy);
                place(n, x, y);
            }
        }
        Action::PlaceNodes(places) => place_all(s, places),
        Action::AutoLayout => place_all(s, layout::layered(s)),
        Action::Connect { from, to } => connect(s, sel, from, to)?,
        Action::DeleteSelection => delete_selection(s, sel),
        Action::DuplicateSelection => duplicate(s, sel)?,
        Action::Rename { id, name } => rename(s, id, &name)?,
        Action::UpdateNode { id, kind } => {
            let node = s.nodes.iter_mut().find(|n| n.id == id).ok_or("That node is gone.")?;
            if node.kind.tag() != kind.tag() {
                return Err("A node keeps its kind; delete it and add another.".into());
            }
            node.kind = kind;
        }
        Action::UpdateEdge(edge) => {
            let current =
                s.edges.iter_mut().find(|e| e.id == edge.id).ok_or("That edge is gone.")?;
            if (current.from, current.to, current.kind) != (edge.from, edge.to, edge.kind) {
                return Err("An edge keeps its ends; delete it and connect again.".into());
            }
            *current = edge;
        }
        Action::SetTitle(title) => {
            s.title = title.trim().chars().take(limits::MAX_NAME_LEN).collect();
        }
        Action::SetNotes(notes) => s.notes = notes.chars().take(limits::MAX_NOTES_LEN).collect(),
        Action::SetSeed(seed) => {
            // Both designs of a comparison run on one seed.
            s.seed = seed;
            if let Some(v) = s.variant.as_deref_mut() {
                v.seed = seed;
            }
        }
        Action::SetDuration(d) => set_duration(s, d)?,
        Action::AddCheck(check) => add_check(s, check)?,
        Action::DeleteCheck(index) => remove_at(&mut s.checks, index, "That check is gone.")?,
        Action::AddFault(fault) => add_fault(s, fault)?,
        Action::UpdateFault { index, fault } => {
            *s.faults.get_mut(index).ok_or("That fault is gone.")? = fault;
            check_fault(s, index)?;
        }
        Action::DeleteFault(index) => remove_at(&mut s.faults, index, "That fault is gone.")?,
        Action::AddStep(step) => add_step(s, step)?,
        Action::UpdateStep { index, step } => {
            *s.steps.get_mut(index).ok_or("That step is gone.")? = step;
            check_item(s, "steps", index)?;
        }
        Action::DeleteStep(index) => remove_at(&mut s.steps, index, "That step is gone.")?,
        Action::Load(scenario) => {
            *s = scenario;
            sel.clear();
        }
        Action::MakeVariant if s.variant.is_some() => {
            return Err("This scenario is already compared with a variant.".into());
        }
        Action::MakeVariant => s.variant = Some(Box::new(s.make_variant())),
        Action::SwitchVariant => {
            *s = s.swapped().ok_or("There is no variant to switch to.")?;
            sel.retain_existing(s);
        }
        Action::EndComparison => s.variant = None,
        Action::Undo
        | Action::Redo
        | Action::SelectNode { .. }
        | Action::SelectEdge { .. }
        | Action::SelectInRect { .. }
        | Action::SelectAll
        | Action::ClearSelection => {}
    }
    Ok(())
}

/// Moves a node to (x, y), kept on the canvas and snapped to the grid.
fn place(n: &mut Node, x: f64, y: f64) {
    n.x = snap(clamp_coord(x));
    n.y = snap(clamp_coord(y));
}

/// Moves each listed node (by id) to its place; ids no longer in the scenario are skipped.
fn place_all(s: &mut Scenario, places: impl IntoIterator<Item = (NodeId, f64, f64)>) {
    for (id, x, y) in places {
        if let Some(n) = s.nodes.iter_mut().find(|n| n.id == id) {
            place(n, x, y);
        }
    }
}

fn add_node(
    s: &mut Scenario,
    sel: &mut Selection,
    kind: NodeKindTag,
    (x, y): (f64, f64),
) -> Result<(), String> {
    if s.nodes.len() >= limits::MAX_NODES {
        return Err(format!("A scenario holds at most {} nodes.", limits::MAX_NODES));
    }
    let id = s.next_node_id();
    let name = fresh_name(s, kind);
    let mut node = Node::new(id, name, 0.0, 0.0, kind.default_kind());
    place(&mut node, x, y);
    s.nodes.push(node);
    sel.select_only_node(id);
    Ok(())
}

fn connect(s: &mut Scenario, sel: &mut Selection, from: NodeId, to: NodeId) -> Result<(), String> {
    let kind = connection_kind(s, from, to)?;
    if s.edges.len() >= limits::MAX_EDGES {
        return Err(format!("A scenario holds at most {} edges.", limits::MAX_EDGES));
    }
    let id = s.next_edge_id();
    s.edges.push(Edge::new(id, from, to, kind));
    sel.select_only_edge(id);
    Ok(())
}

/// Deletes the selected nodes and edges, with the edges, faults, story highlights and checks
/// that name a deleted node.
fn delete_selection(s: &mut Scenario, sel: &mut Selection) {
    let nodes = &sel.nodes;
    s.nodes.retain(|n| !nodes.contains(&n.id));
    s.edges.retain(|e| {
        !sel.edges.contains(&e.id) && !nodes.contains(&e.from) && !nodes.contains(&e.to)
    });
    s.faults.retain(|f| !nodes.contains(&f.node));
    for step in &mut s.steps {
        step.highlight.retain(|id| !nodes.contains(id));
    }
    // A check about a deleted node could never be evaluated again.
    s.checks.retain(|c| c.node.is_none_or(|n| !nodes.contains(&n)));
    sel.clear();
}

fn rename(s: &mut Scenario, id: NodeId, name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("A name cannot be empty.".into());
    }
    if name.chars().count() > limits::MAX_NAME_LEN {
        return Err(format!("A name has at most {} characters.", limits::MAX_NAME_LEN));
    }
    let node = s.nodes.iter_mut().find(|n| n.id == id).ok_or("That node is gone.")?;
    node.name = name.to_owned();
    Ok(())
}

fn set_duration(s: &mut Scenario, d: Option<f64>) -> Result<(), String> {
    if let Some(v) = d {
        if !(v.is_finite() && v > 0.0 && v <= limits::MAX_DURATION_S) {
            return Err(format!(
                "A run lasts more than 0 and at most {} s.",
                limits::MAX_DURATION_S
            ));
        }
    }
    s.duration_s = d;
    Ok(())
}

fn add_fault(s: &mut Scenario, fault: Fault) -> Result<(), String> {
    if s.faults.len() >= limits::MAX_FAULTS {
        return Err(format!("A scenario holds at most {} faults.", limits::MAX_FAULTS));
    }
    s.faults.push(fault);
    check_fault(s, s.faults.len() - 1)
}

fn add_step(s: &mut Scenario, step: Step) -> Result<(), String> {
    if s.steps.len() >= limits::MAX_STEPS {
        return Err(format!("A story holds at most {} steps.", limits::MAX_STEPS));
    }
    s.steps.push(step);
    check_item(s, "steps", s.steps.len() - 1)
}

/// Removes the item at `index`, or says it is `gone` (another tab or an undo took it).
fn remove_at<T>(list: &mut Vec<T>, index: usize, gone: &str) -> Result<(), String> {
    if index >= list.len() {
        return Err(gone.into());
    }
    list.remove(index);
    Ok(())
}

/// Appends `check` to the scenario's checks, or says in one sentence why it cannot be.
fn add_check(s: &mut Scenario, check: Check) -> Result<(), String> {
    if s.checks.len() >= limits::MAX_CHECKS {
        return Err(format!("A scenario holds at most {} checks.", limits::MAX_CHECKS));
    }
    if !(check.value.is_finite() && (0.0..=limits::MAX_CHECK_VALUE).contains(&check.value)) {
        return Err("A check's bound is a number from 0 up.".into());
    }
    let kind = match check.node {
        Some(id) => Some(s.node(id).ok_or("That node is gone.")?.kind.tag()),
        None => None,
    };
    if !check.figure.applies_to(kind) {
        return Err(match kind {
            Some(tag) => format!("A {tag} has no {}.", check.figure),
            None => format!("{} needs a node.", check.figure),
        });
    }
    s.checks.push(check);
    Ok(())
}

/// Refuses a fault that validation finds wrong (a node that is gone or of the wrong kind, a
/// time, duration, factor, count or instance out of range), in one sentence: the limits are
/// validation's, written once.
fn check_fault(s: &Scenario, index: usize) -> Result<(), String> {
    check_item(s, "faults", index)
}

/// Whether the item at `index` of the list `list` (`faults`, `steps`) passes validation, or
/// its first error as a sentence ("Its time is -1 s; …").
fn check_item(s: &Scenario, list: &str, index: usize) -> Result<(), String> {
    let path = format!("{list}[{index}]");
    let problem = s.validate().into_iter().find(|p| {
        p.severity == Severity::Error
            && p.field
                .strip_prefix(path.as_str())
                .is_some_and(|r| r.is_empty() || r.starts_with('.'))
    });
    let Some(p) = problem else { return Ok(()) };
    let subject = match p.field.rsplit('.').next() {
        Some("at_s") => "Its time ",
        Some("duration_s") => "Its duration ",
        Some("factor") => "Its factor ",
        Some("count") => "Its count ",
        Some("instance") => "Its instance ",
        Some("caption") => "Its caption ",
        _ => "",
    };
    Err(capitalise(&format!("{subject}{}", p.message)))
}

/// The edge kind a connection `from → to` would get, or why it is refused.
pub fn connection_kind(s: &Scenario, from: NodeId, to: NodeId) -> Result<EdgeKind, String> {
    if from == to {
        return Err("A node cannot connect to itself.".into());
    }
    let a = s.node(from).ok_or("That node is gone.")?;
    let b = s.node(to).ok_or("That node is gone.")?;
    if s.edges.iter().any(|e| e.from == from && e.to == to) {
        return Err(format!("{} is already connected to {}.", a.name, b.name));
    }
    edge_allowed(a.kind.tag(), b.kind.tag()).map_err(capitalise)
}

/// The nodes `from` may connect to, in document order: exactly the ones [`connection_kind`]
/// accepts, so the keyboard's "Connect to…" list and the drag's drop hints follow one rule.
pub fn connect_targets(s: &Scenario, from: NodeId) -> Vec<NodeId> {
    s.nodes.iter().filter(|n| connection_kind(s, from, n.id).is_ok()).map(|n| n.id).collect()
}

fn capitalise(reason: &str) -> String {
    let mut c = reason.chars();
    match c.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), c.as_str().trim_end_matches('.')),
        None => String::new(),
    }
}

fn duplicate(s: &mut Scenario, sel: &mut Selection) -> Result<(), String> {
    if sel.nodes.is_empty() {
        return Ok(());
    }
    if s.nodes.len() + sel.nodes.len() > limits::MAX_NODES {
        return Err(format!("A scenario holds at most {} nodes.", limits::MAX_NODES));
    }
    let originals: Vec<Node> =
        s.nodes.iter().filter(|n| sel.nodes.contains(&n.id)).cloned().collect();
    let mut renamed = Vec::with_capacity(originals.len());
    let first_id = s.next_node_id().0;
    for (id, original) in (first_id..).zip(&originals) {
        let copy = Node {
            id: NodeId(id),
            name: unique_name(s, &original.name),
            x: snap(clamp_coord(original.x + DUPLICATE_OFFSET)),
            y: snap(clamp_coord(original.y + DUPLICATE_OFFSET)),
            kind: original.kind.clone(),
        };
        renamed.push((original.id, copy.id));
        s.nodes.push(copy);
    }
    let copy_of = |id: NodeId| renamed.iter().find(|(o, _)| *o == id).map(|(_, c)| *c);
    let inner: Vec<Edge> = s
        .edges
        .iter()
        .filter_map(|e| {
            let (from, to) = (copy_of(e.from)?, copy_of(e.to)?);
            Some(Edge { from, to, ..e.clone() })
        })
        .collect();
    let first_edge = s.next_edge_id().0;
    for (id, mut e) in (first_edge..).zip(inner) {
        if s.edges.len() >= limits::MAX_EDGES {
            break;
        }
        e.id = EdgeId(id);
        s.edges.push(e);
    }
    sel.clear();
    sel.nodes.extend(renamed.iter().map(|(_, c)| *c));
    Ok(())
}
