//! What a topic on the canvas says of its partitions while a cluster runs (issue 13): per
//! partition its leader, its in-sync replicas against its replicas and its high watermark, in
//! a few short words (`p0 ▸ b2`, `ISR 2/3`, `hw 1,204`), for the first [`MAX_PARTITION_ROWS`]
//! partitions; the rest are counted on one more line that names the unhealthy ones among them,
//! so a problem is never hidden. The figures are the engine's ([`ReplicaMetrics`], the same the
//! inspector's partitions table shows); this only words them.

use crate::engine::ReplicaMetrics;
use crate::scenario::format_count;

/// Most partitions a topic lists on the canvas; more are summarised on one line.
pub const MAX_PARTITION_ROWS: usize = 4;
/// Height of one line, in world units (11 px text).
pub const ROW_H: f64 = 14.0;
/// Room left between a topic's node and its lines for the key figure's badge.
pub const BADGE_ROOM: f64 = 24.0;

/// Height of the box of a topic's lines with `partitions` partitions, in world units: what the
/// canvas draws and what a fitted view leaves room for under the node.
pub fn block_height(partitions: u32) -> f64 {
    let p = partitions.max(1) as usize;
    let lines = p.min(MAX_PARTITION_ROWS) + usize::from(p > MAX_PARTITION_ROWS);
    lines as f64 * ROW_H + 8.0
}

/// A partition's health, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    InSync,
    /// Fewer in-sync replicas than replicas.
    UnderReplicated,
    /// No leader.
    Offline,
}

impl Health {
    /// The class the canvas draws it with.
    pub fn class(self) -> &'static str {
        match self {
            Health::InSync => "in-sync",
            Health::UnderReplicated => "under",
            Health::Offline => "offline",
        }
    }

    fn of(r: &ReplicaMetrics) -> Self {
        if r.offline() {
            Health::Offline
        } else if r.under_replicated() {
            Health::UnderReplicated
        } else {
            Health::InSync
        }
    }
}

/// One partition, in the canvas's words.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionLine {
    /// `p0`.
    pub partition: String,
    /// `▸ b2`, or `offline`.
    pub leader: String,
    /// `ISR 2/3`.
    pub isr: String,
    /// `hw 1,204`.
    pub high_watermark: String,
    pub health: Health,
    /// The same in words, for a screen reader: `p0: leader broker-2, 2 of 3 replicas in sync,
    /// under-replicated, high watermark 1,204`.
    pub spoken: String,
}

/// A topic's lines: the first partitions, then what the rest come to (`None` when none is left).
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionLines {
    pub rows: Vec<PartitionLine>,
    /// `+5 more · 2 under-replicated · 1 offline`, and the worst health among them.
    pub more: Option<(String, Health)>,
}

/// A topic's partitions (in order) as at most `max` lines and a summary of the rest.
pub fn partition_lines(parts: &[ReplicaMetrics], max: usize) -> PartitionLines {
    let rows = parts.iter().take(max).map(line).collect();
    let rest = parts.get(max..).unwrap_or_default();
    let more = (!rest.is_empty()).then(|| {
        let count = |h: Health| rest.iter().filter(|r| Health::of(r) == h).count();
        let mut text = format!("+{} more", format_count(rest.len() as u64));
        for (h, words) in
            [(Health::UnderReplicated, "under-replicated"), (Health::Offline, "offline")]
        {
            let n = count(h);
            if n > 0 {
                text.push_str(&format!(" · {n} {words}"));
            }
        }
        let worst = rest.iter().map(Health::of).max().unwrap_or(Health::InSync);
        (text, worst)
    });
    PartitionLines { rows, more }
}

/// An offset as short as a line needs it: exact below a million (`1,204`), else in millions
/// to one decimal (`12.3M`). The inspector's table has it exact.
fn short_offset(n: u64) -> String {
    if n < 1_000_000 {
        format_count(n)
    } else {
        format!("{:.1}M", n as f64 / 1e6)
    }
}

fn line(r: &ReplicaMetrics) -> PartitionLine {
    let health = Health::of(r);
    let (isr, replicas) = (r.isr.len(), r.replicas.len());
    let hw = format_count(r.high_watermark);
    let leader = r.leader.map_or_else(|| "offline".to_owned(), |b| format!("▸ b{b}"));
    let spoken_leader =
        r.leader.map_or_else(|| "offline".to_owned(), |b| format!("leader broker-{b}"));
    let state = match health {
        Health::InSync => "",
        Health::UnderReplicated => ", under-replicated",
        Health::Offline => ", offline",
    };
    PartitionLine {
        partition: format!("p{}", r.partition),
        leader,
        isr: format!("ISR {isr}/{replicas}"),
        high_watermark: format!("hw {}", short_offset(r.high_watermark)),
        health,
        spoken: format!(
            "p{}: {spoken_leader}, {isr} of {replicas} replicas in sync{state}, high watermark {hw}",
            r.partition
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::NodeId;

    fn part(partition: u32, leader: Option<u32>, isr: &[u32], hw: u64) -> ReplicaMetrics {
        ReplicaMetrics {
            topic: NodeId(1),
            partition,
            replicas: vec![1, 2, 3],
            leader,
            isr: isr.to_vec(),
            high_watermark: hw,
            log_end: hw,
            leader_epoch: 0,
        }
    }

    #[test]
    fn words_a_partition_as_the_canvas_shows_it() {
        let lines = partition_lines(&[part(0, Some(2), &[2, 3], 1204)], MAX_PARTITION_ROWS);
        let p = &lines.rows[0];
        assert_eq!(
            (p.partition.as_str(), p.leader.as_str(), p.isr.as_str(), p.high_watermark.as_str()),
            ("p0", "▸ b2", "ISR 2/3", "hw 1,204")
        );
        assert_eq!(p.health, Health::UnderReplicated);
        assert_eq!(
            p.spoken,
            "p0: leader broker-2, 2 of 3 replicas in sync, under-replicated, high watermark 1,204"
        );
        assert_eq!(lines.more, None);
        let offline = &partition_lines(&[part(1, None, &[], 7)], 4).rows[0];
        assert_eq!((offline.leader.as_str(), offline.health), ("offline", Health::Offline));
        assert_eq!(
            partition_lines(&[part(2, Some(1), &[1, 2, 3], 0)], 4).rows[0].health,
            Health::InSync
        );
    }

    #[test]
    fn lists_the_first_partitions_and_names_the_unhealthy_among_the_rest() {
        let parts: Vec<_> = (0..10)
            .map(|p| match p {
                1 | 6 | 7 => part(p, Some(1), &[1], 5),
                8 => part(p, None, &[], 5),
                _ => part(p, Some(1), &[1, 2, 3], 5),
            })
            .collect();
        let lines = partition_lines(&parts, 4);
        let shown: Vec<_> = lines.rows.iter().map(|r| r.partition.as_str()).collect();
        assert_eq!(shown, ["p0", "p1", "p2", "p3"]);
        assert_eq!(
            lines.more,
            Some(("+6 more · 2 under-replicated · 1 offline".to_owned(), Health::Offline))
        );
        let healthy_rest = partition_lines(&parts[..6], 4).more;
        assert_eq!(healthy_rest, Some(("+2 more".to_owned(), Health::InSync)));
        assert_eq!(partition_lines(&[], 4), PartitionLines { rows: vec![], more: None });
    }
}
