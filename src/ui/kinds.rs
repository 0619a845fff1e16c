//! How each node kind looks: colour, icon, label and a one-line summary of its settings.

use yew::Html;

use super::icons;
use crate::scenario::{Arrival, Guarantee, NodeKind, NodeKindTag};

/// The CSS custom property holding the kind's colour.
pub fn css_var(kind: NodeKindTag) -> &'static str {
    match kind {
        NodeKindTag::Producer => "--k-producer",
        NodeKindTag::Topic => "--k-topic",
        NodeKindTag::ConsumerGroup => "--k-group",
        NodeKindTag::Service => "--k-service",
        NodeKindTag::DeadLetterQueue => "--k-dlq",
        NodeKindTag::Database => "--k-database",
        NodeKindTag::Projection => "--k-projection",
        NodeKindTag::Outbox => "--k-outbox",
    }
}

/// The kind's icon.
pub fn icon(kind: NodeKindTag) -> Html {
    match kind {
        NodeKindTag::Producer => icons::producer(),
        NodeKindTag::Topic => icons::topic(),
        NodeKindTag::ConsumerGroup => icons::group(),
        NodeKindTag::Service => icons::service(),
        NodeKindTag::DeadLetterQueue => icons::dlq(),
        NodeKindTag::Database => icons::database(),
        NodeKindTag::Projection => icons::projection(),
        NodeKindTag::Outbox => icons::outbox(),
    }
}

/// Title-case label for the palette and the inspector.
pub fn title(kind: NodeKindTag) -> &'static str {
    match kind {
        NodeKindTag::Producer => "Producer",
        NodeKindTag::Topic => "Topic",
        NodeKindTag::ConsumerGroup => "Consumer group",
        NodeKindTag::Service => "Service",
        NodeKindTag::DeadLetterQueue => "Dead-letter queue",
        NodeKindTag::Database => "Database",
        NodeKindTag::Projection => "Projection",
        NodeKindTag::Outbox => "Outbox + relay",
    }
}

/// What the kind is for, in a few words (palette).
pub fn blurb(kind: NodeKindTag) -> &'static str {
    match kind {
        NodeKindTag::Producer => "Emits events at a rate",
        NodeKindTag::Topic => "Partitioned, ordered log",
        NodeKindTag::ConsumerGroup => "Gets every event once",
        NodeKindTag::Service => "Consumes and emits",
        NodeKindTag::DeadLetterQueue => "Parks failed messages",
        NodeKindTag::Database => "Counts side effects",
        NodeKindTag::Projection => "Read model from events",
        NodeKindTag::Outbox => "State and event together",
    }
}

/// A delivery guarantee as the vocabulary names it.
pub fn guarantee_label(g: Guarantee) -> &'static str {
    match g {
        Guarantee::AtMostOnce => "at-most-once",
        Guarantee::AtLeastOnce => "at-least-once",
        Guarantee::EffectivelyOnce => "effectively-once",
    }
}

/// The node's key settings in one short line, shown under its name on the canvas.
pub fn summary(kind: &NodeKind) -> String {
    match kind {
        NodeKind::Producer(p) => match p.arrival {
            Arrival::Manual => format!("{} · by hand", p.event_type),
            Arrival::Bursts => {
                format!("{} · {} every {} s", p.event_type, p.burst_size, p.burst_interval_s)
            }
            Arrival::Constant | Arrival::Poisson => {
                format!("{} · {}/s", p.event_type, p.rate_per_s)
            }
        },
        NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) => {
            if t.partitions == 1 {
                "1 partition".into()
            } else {
                format!("{} partitions", t.partitions)
            }
        }
        NodeKind::ConsumerGroup(g) | NodeKind::Service(g) | NodeKind::Projection(g) => {
            format!("×{} · {}", g.instances, guarantee_label(g.guarantee))
        }
        NodeKind::Database(d) => {
            if d.capacity_per_s > 0.0 {
                format!("{} writes/s max", d.capacity_per_s)
            } else {
                "side-effect store".into()
            }
        }
        NodeKind::Outbox(o) => format!("relay every {} ms", o.relay_interval_ms),
    }
}
