//! Time series for charts, sampled at a fixed simulated interval into a bounded buffer. When the
//! buffer is full, neighbouring samples are merged in pairs and the interval doubles, so a run of
//! any length keeps at most [`MAX_SAMPLES`] points per series and still covers the whole run.
//!
//! A sample holds instantaneous values (lag, at `t_us`) and values over the interval that ends at
//! `t_us` (throughput, latency percentiles). A merged pair keeps the later sample's time and
//! instantaneous values; its throughput is the mean over both intervals, and each percentile is
//! the larger of the pair's (percentiles cannot be merged exactly; the larger keeps a latency
//! spike visible however far the chart is zoomed out).

use super::clock::Micros;
use serde::Serialize;

/// Most points kept per series.
pub const MAX_SAMPLES: usize = 512;

/// First sampling interval, in microseconds (100 ms).
pub const FIRST_INTERVAL_US: Micros = 100_000;

/// One sampled point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Sample {
    /// Simulated time of the sample.
    pub t_us: Micros,
    /// Lag of the group: messages not yet committed, summed over partitions.
    pub lag_messages: u64,
    /// Lag in time: age of the oldest uncommitted message, in microseconds.
    pub lag_us: Micros,
    /// Messages processed per second since the previous sample.
    pub throughput_per_s: f64,
    /// Median per-hop latency (append by the immediate producer to successful processing) of
    /// the messages processed
    /// since the previous sample, in microseconds; 0 if none was.
    pub latency_p50_us: Micros,
    /// 95th percentile of the same, in microseconds; 0 if none.
    pub latency_p95_us: Micros,
    /// 99th percentile of the same, in microseconds; 0 if none.
    pub latency_p99_us: Micros,
    /// 95th percentile of the time of each processing attempt that ended since the previous
    /// sample, in microseconds; 0 if none.
    pub processing_p95_us: Micros,
}

impl Sample {
    /// Merges the earlier sample `a` into `self` (see the module documentation); `a_len_us` and
    /// the own interval `self.t_us − a.t_us` weigh the throughputs.
    fn absorb(&mut self, a: &Sample, a_len_us: Micros) {
        let b_len_us = self.t_us.saturating_sub(a.t_us);
        let len = a_len_us + b_len_us;
        if len > 0 {
            self.throughput_per_s = (a.throughput_per_s * a_len_us as f64
                + self.throughput_per_s * b_len_us as f64)
                / len as f64;
        }
        self.latency_p50_us = self.latency_p50_us.max(a.latency_p50_us);
        self.latency_p95_us = self.latency_p95_us.max(a.latency_p95_us);
        self.latency_p99_us = self.latency_p99_us.max(a.latency_p99_us);
        self.processing_p95_us = self.processing_p95_us.max(a.processing_p95_us);
    }
}

/// A bounded series of samples.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Series {
    /// The points, oldest first.
    pub samples: Vec<Sample>,
}

impl Series {
    /// Appends a point; returns `true` if the buffer was full and has been halved (the caller
    /// then doubles its interval). Halving merges samples `2k` and `2k + 1` into one at the time
    /// of `2k + 1`, so the points stay evenly spaced at the new interval.
    pub fn push(&mut self, s: Sample) -> bool {
        self.samples.push(s);
        if self.samples.len() < MAX_SAMPLES {
            return false;
        }
        let n = self.samples.len() / 2;
        let mut prev_t: Option<Micros> = None;
        for k in 0..n {
            let a = self.samples[2 * k];
            let mut b = self.samples[2 * k + 1];
            // The first sample's interval start is not kept: assume it equals the second's.
            let a_len_us = match prev_t {
                Some(t) => a.t_us.saturating_sub(t),
                None => b.t_us.saturating_sub(a.t_us),
            };
            b.absorb(&a, a_len_us);
            prev_t = Some(b.t_us);
            self.samples[k] = b;
        }
        // An odd last sample (never the case while every push comes at the same interval) stays.
        let odd = self.samples.len() % 2 == 1;
        if odd {
            self.samples[n] = self.samples[2 * n];
        }
        self.samples.truncate(n + usize::from(odd));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t_us: Micros, per_s: f64, p99: Micros) -> Sample {
        Sample { t_us, throughput_per_s: per_s, latency_p99_us: p99, ..Sample::default() }
    }

    #[test]
    fn halving_merges_pairs_evenly() {
        let mut s = Series::default();
        let mut halved = false;
        for i in 1..=MAX_SAMPLES as u64 {
            // Throughput alternates 100 / 300 per s; one latency spike at sample 7.
            let per_s = if i % 2 == 1 { 100.0 } else { 300.0 };
            halved = s.push(at(i * 10, per_s, if i == 7 { 9_000 } else { 1_000 }));
        }
        assert!(halved);
        assert_eq!(s.samples.len(), MAX_SAMPLES / 2);
        for (k, p) in s.samples.iter().enumerate() {
            assert_eq!(p.t_us, (2 * k as u64 + 2) * 10);
            assert!((p.throughput_per_s - 200.0).abs() < 1e-9, "{k}: {}", p.throughput_per_s);
            assert_eq!(p.latency_p99_us, if k == 3 { 9_000 } else { 1_000 });
        }
    }
}
