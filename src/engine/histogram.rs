//! Log-bucketed histograms of microsecond values: constant memory, constant-time recording.
//! [`Histogram`] covers a whole run (percentiles within 1/64, about 1.6 %, of the true value;
//! mean and maximum exact); [`WindowHistogram`] is a smaller one for the interval between two
//! samples of a time series, cleared at each sample.

use serde::Serialize;

/// Sub-buckets per power of two (2^6): the relative width of a bucket is at most 1/64.
const SUB_BITS: u32 = 6;
const SUB: usize = 1 << SUB_BITS;
/// Buckets for the whole `u64` range: values below `SUB` exactly, then `SUB` per power of two.
const BUCKETS: usize = (64 - SUB_BITS as usize + 1) * SUB;

/// Counts of values in logarithmic buckets.
#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Box<[u64]>,
    count: u64,
    sum: u128,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self { counts: vec![0; BUCKETS].into_boxed_slice(), count: 0, sum: 0, max: 0 }
    }
}

#[inline]
fn bucket(v: u64) -> usize {
    bucket_with::<SUB_BITS>(v)
}

/// Bucket of `v` with `2^B` sub-buckets per power of two.
#[inline]
fn bucket_with<const B: u32>(v: u64) -> usize {
    let sub_n = 1usize << B;
    if v < sub_n as u64 {
        v as usize
    } else {
        let exp = 63 - v.leading_zeros(); // ≥ B
        let shift = exp - B;
        let sub = ((v >> shift) as usize) & (sub_n - 1);
        ((shift + 1) as usize) * sub_n + sub
    }
}

/// Smallest value that falls in bucket `i`, and the bucket's width.
fn bucket_range(i: usize) -> (u64, u64) {
    bucket_range_with::<SUB_BITS>(i)
}

fn bucket_range_with<const B: u32>(i: usize) -> (u64, u64) {
    let sub_n = 1usize << B;
    if i < sub_n {
        (i as u64, 1)
    } else {
        let shift = (i / sub_n - 1) as u32;
        let sub = (i % sub_n) as u64;
        (((sub_n as u64) | sub) << shift, 1u64 << shift)
    }
}

impl Histogram {
    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        std::mem::size_of_val(&*self.counts)
    }

    /// Records one value.
    #[inline]
    pub fn record(&mut self, v: u64) {
        self.counts[bucket(v)] += 1;
        self.count += 1;
        self.sum += u128::from(v);
        self.max = self.max.max(v);
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean (0 when empty).
    pub fn mean(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum as f64 / self.count as f64
        }
    }

    /// Exact maximum (0 when empty).
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The value below which a fraction `q` (0..=1) of values lie: the middle of the bucket
    /// holding that rank, never above the exact maximum.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = rank(q, self.count);
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (low, width) = bucket_range(i);
                return (low + width / 2).min(self.max);
            }
        }
        self.max
    }

    /// Mean, percentiles and maximum.
    pub fn summary(&self) -> Summary {
        Summary {
            count: self.count,
            mean_us: self.mean(),
            p50_us: self.quantile(0.50),
            p95_us: self.quantile(0.95),
            p99_us: self.quantile(0.99),
            max_us: self.max,
        }
    }
}

/// Sub-buckets per power of two of a [`WindowHistogram`] (2^5): bucket width at most 1/32.
const WINDOW_SUB_BITS: u32 = 5;
/// Values up to 2^40 µs (about 12.7 days) get their own bucket; larger ones share the last.
const WINDOW_MAX_EXP: usize = 40;
/// Buckets of a [`WindowHistogram`]: 1,152 (4.5 KiB of `u32` counts).
const WINDOW_BUCKETS: usize = (WINDOW_MAX_EXP - WINDOW_SUB_BITS as usize + 1) << WINDOW_SUB_BITS;

/// A histogram of the values recorded since it was last cleared, for per-interval percentiles
/// of a time series. Fixed size (allocated once), constant-time recording; clearing and reading
/// percentiles touch only the range of buckets used since the last clear. Percentiles are
/// within 1/32 (about 3 %) of the true value and never above the exact maximum.
#[derive(Clone, Debug)]
pub struct WindowHistogram {
    counts: Box<[u32]>,
    count: u64,
    max: u64,
    /// Lowest and highest bucket used since the last clear (`lo > hi` when empty).
    lo: usize,
    hi: usize,
}

impl Default for WindowHistogram {
    fn default() -> Self {
        Self {
            counts: vec![0; WINDOW_BUCKETS].into_boxed_slice(),
            count: 0,
            max: 0,
            lo: WINDOW_BUCKETS,
            hi: 0,
        }
    }
}

impl WindowHistogram {
    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        std::mem::size_of_val(&*self.counts)
    }

    /// Records one value.
    #[inline]
    pub fn record(&mut self, v: u64) {
        let b = bucket_with::<WINDOW_SUB_BITS>(v).min(WINDOW_BUCKETS - 1);
        // Saturates rather than wraps: 4 billion values in one interval is far past any rate the
        // engine reaches.
        self.counts[b] = self.counts[b].saturating_add(1);
        self.count += 1;
        self.max = self.max.max(v);
        self.lo = self.lo.min(b);
        self.hi = self.hi.max(b);
    }

    /// Forgets every value.
    pub fn clear(&mut self) {
        if self.lo <= self.hi {
            self.counts[self.lo..=self.hi].fill(0);
        }
        self.count = 0;
        self.max = 0;
        self.lo = WINDOW_BUCKETS;
        self.hi = 0;
    }

    /// The values below which fractions `qs` (each 0..=1, ascending) of the recorded values
    /// lie, in one pass: the middle of the bucket holding each rank, never above the exact
    /// maximum; all 0 when empty.
    pub fn quantiles<const N: usize>(&self, qs: [f64; N]) -> [u64; N] {
        let mut out = [0; N];
        if self.count == 0 {
            return out;
        }
        let mut k = 0;
        let mut seen = 0u64;
        for i in self.lo..=self.hi {
            seen += u64::from(self.counts[i]);
            while k < N && seen >= rank(qs[k], self.count) {
                out[k] = if i == WINDOW_BUCKETS - 1 {
                    // The last bucket also holds everything beyond the covered range.
                    self.max
                } else {
                    let (low, width) = bucket_range_with::<WINDOW_SUB_BITS>(i);
                    (low + width / 2).min(self.max)
                };
                k += 1;
            }
            if k == N {
                return out;
            }
        }
        // Only reachable if a count saturated: the remaining ranks are at the maximum.
        out[k..].fill(self.max);
        out
    }
}

/// 1-based rank of quantile `q` among `count` values.
#[inline]
fn rank(q: f64, count: u64) -> u64 {
    ((q.clamp(0.0, 1.0) * count as f64).ceil() as u64).max(1)
}

/// Summary of a distribution of durations, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Number of samples.
    pub count: u64,
    /// Exact mean.
    pub mean_us: f64,
    /// Median.
    pub p50_us: u64,
    /// 95th percentile.
    pub p95_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// Exact maximum.
    pub max_us: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_value_in_order() {
        let mut last = 0;
        for v in (0..100_000u64).chain([u64::MAX / 3, u64::MAX]) {
            let b = bucket(v);
            assert!(b >= last && b < BUCKETS);
            let (low, width) = bucket_range(b);
            assert!(low <= v && v - low < width, "{v} {low} {width}");
            last = b;
        }
    }

    #[test]
    fn percentiles_are_within_bucket_error() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v);
        }
        for (q, exact) in [(0.5, 50_000.0), (0.95, 95_000.0), (0.99, 99_000.0)] {
            let got = h.quantile(q) as f64;
            assert!((got - exact).abs() / exact < 1.0 / 64.0, "{q}: {got}");
        }
        assert_eq!(h.max(), 100_000);
        assert!((h.mean() - 50_000.5).abs() < 1e-9);
    }

    #[test]
    fn window_buckets_cover_every_value_in_order() {
        let mut last = 0;
        for v in (0..100_000u64).chain([1 << 39, (1 << 40) - 1]) {
            let b = bucket_with::<WINDOW_SUB_BITS>(v);
            assert!(b >= last && b < WINDOW_BUCKETS, "{v}");
            let (low, width) = bucket_range_with::<WINDOW_SUB_BITS>(b);
            assert!(low <= v && v - low < width, "{v} {low} {width}");
            last = b;
        }
        assert_eq!(bucket_with::<WINDOW_SUB_BITS>(1 << 40), WINDOW_BUCKETS);
    }

    #[test]
    fn window_percentiles_and_clear() {
        let mut h = WindowHistogram::default();
        assert_eq!(h.quantiles([0.5, 0.99]), [0, 0]);
        for v in 1..=100_000u64 {
            h.record(v);
        }
        let got = h.quantiles([0.5, 0.95, 0.99]);
        for (g, exact) in got.into_iter().zip([50_000.0, 95_000.0, 99_000.0]) {
            assert!((g as f64 - exact).abs() / exact < 1.0 / 32.0, "{g} {exact}");
        }
        h.clear();
        assert_eq!((h.count, h.max, h.quantiles([0.5])), (0, 0, [0]));
        assert!(h.counts.iter().all(|&c| c == 0));
        // One repeated value: every percentile is that value exactly (capped at the maximum).
        for _ in 0..1000 {
            h.record(12_345);
        }
        assert_eq!(h.quantiles([0.5, 0.95, 0.99]), [12_345; 3]);
        // Beyond the covered range: the last bucket, reported as the exact maximum.
        h.clear();
        h.record(u64::MAX);
        assert_eq!(h.quantiles([0.99]), [u64::MAX]);
    }
}
