//! Time series for charts, sampled at a fixed simulated interval into a bounded buffer. When the
//! buffer is full, every other sample is dropped and the interval doubles, so a run of any length
//! keeps at most [`MAX_SAMPLES`] points per series and still covers the whole run.

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
}

/// A bounded series of samples.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Series {
    /// The points, oldest first.
    pub samples: Vec<Sample>,
}

impl Series {
    /// Appends a point; returns `true` if the buffer was full and has been halved (the caller
    /// then doubles its interval).
    pub fn push(&mut self, s: Sample) -> bool {
        self.samples.push(s);
        if self.samples.len() >= MAX_SAMPLES {
            let mut i = 0;
            self.samples.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            true
        } else {
            false
        }
    }
}
