//! The scenario as a Mermaid `flowchart LR`, for design documents and wikis that render Mermaid.
//!
//! Logs (topics, dead-letter queues) are cylinders, groups, services, projections and producers
//! are boxes, a database is a cylinder styled apart from the logs and an outbox a subroutine box.
//! Dead-letter paths are dashed, synchronous calls thick, and an edge's event-type filter is its
//! label. Node ids are `n<id>`, so the text is stable across exports of one scenario.

use crate::scenario::{EdgeKind, NodeKindTag, Scenario};
use std::fmt::Write;

/// The Mermaid source of `s`.
pub fn to_mermaid(s: &Scenario) -> String {
    let mut out = String::from("flowchart LR\n");
    if !s.title.is_empty() {
        let _ = writeln!(out, "  %% {}", s.title.replace('\n', " "));
    }
    for n in &s.nodes {
        let tag = n.kind.tag();
        let label = label(if n.name.is_empty() { tag.label() } else { &n.name });
        let (open, close, class) = match tag {
            NodeKindTag::Topic => ("[(", ")]", "topic"),
            NodeKindTag::DeadLetterQueue => ("[(", ")]", "dlq"),
            NodeKindTag::Database => ("[(", ")]", "db"),
            NodeKindTag::Outbox => ("[[", "]]", "app"),
            NodeKindTag::Producer
            | NodeKindTag::ConsumerGroup
            | NodeKindTag::Service
            | NodeKindTag::Projection => ("[", "]", "app"),
        };
        let _ = writeln!(out, "  n{}{open}\"{label}\"{close}:::{class}", n.id.0);
    }
    for e in &s.edges {
        let arrow = match e.kind {
            EdgeKind::DeadLetter => "-.->",
            EdgeKind::Call => "==>",
            EdgeKind::Publish | EdgeKind::Subscribe | EdgeKind::Write => "-->",
        };
        let filter = e.event_types.join(", ");
        let text = match (e.kind, filter.is_empty()) {
            (EdgeKind::DeadLetter, true) => EdgeKind::DeadLetter.label().to_owned(),
            (EdgeKind::Call, true) => EdgeKind::Call.label().to_owned(),
            (_, true) => String::new(),
            (_, false) => label(&filter),
        };
        if text.is_empty() {
            let _ = writeln!(out, "  n{} {arrow} n{}", e.from.0, e.to.0);
        } else {
            let _ = writeln!(out, "  n{} {arrow}|\"{text}\"| n{}", e.from.0, e.to.0);
        }
    }
    out.push_str(
        "  classDef topic fill:#e8f0fe,stroke:#3b6fd4\n  classDef dlq fill:#fdecea,stroke:#c5221f\n  \
         classDef db fill:#f1f3f4,stroke:#5f6368\n  classDef app fill:#ffffff,stroke:#202124\n",
    );
    out
}

/// Text inside a quoted Mermaid label: quotes and angle brackets as entities (Mermaid reads
/// labels as HTML), line breaks as spaces.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
