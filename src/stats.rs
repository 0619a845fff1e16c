//! Summaries across independent runs: a mean with its 95 % confidence interval (Student's t).
//!
//! Pure arithmetic, no dependency: the one quantile needed (t at 0.975 for a given number of
//! degrees of freedom) is a table for 1–30 degrees of freedom and the Cornish–Fisher expansion
//! beyond, which agrees with the exact quantile to better than 1e-5 there (tested against a
//! numerical integral of the t density). A statistics crate would bring hundreds of functions
//! into the wasm bundle for this one number.

use serde::{Deserialize, Serialize};

/// `t(0.975, df)` for `df` = 1 … 30 (standard tables, six decimals).
const T975: [f64; 30] = [
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
    2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
    2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
    2.048407, 2.045230, 2.042272,
];

/// The standard normal's 0.975 quantile.
const Z975: f64 = 1.959_963_984_540_054;

/// The 0.975 quantile of Student's t with `df` degrees of freedom (`df` ≥ 1): the factor of a
/// two-sided 95 % confidence interval. Infinite for `df` = 0 (one sample says nothing about
/// its spread).
pub fn t975(df: u32) -> f64 {
    match df {
        0 => f64::INFINITY,
        1..=30 => T975[df as usize - 1],
        _ => {
            // Cornish–Fisher expansion of t in powers of 1/df around the normal quantile.
            let (z, n) = (Z975, f64::from(df));
            let z3 = z * z * z;
            let z5 = z3 * z * z;
            let z7 = z5 * z * z;
            z + (z3 + z) / (4.0 * n)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n * n * n)
        }
    }
}

/// A sample's mean with its 95 % confidence interval `mean ± half_width`, and its extremes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// How many values.
    pub n: u32,
    /// Their mean.
    pub mean: f64,
    /// Half the width of the 95 % confidence interval of the mean: `t(0.975, n−1) · s / √n`
    /// with `s` the sample standard deviation. 0 when every value is the same; infinite for
    /// one value.
    pub half_width: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
}

impl Interval {
    /// The interval of `values` (`None` when there are none). Two passes (mean, then squared
    /// deviations) rather than a running sum of squares, which loses digits on large counts.
    pub fn of(values: &[f64]) -> Option<Interval> {
        let n = u32::try_from(values.len()).ok().filter(|&n| n > 0)?;
        let mean = values.iter().sum::<f64>() / f64::from(n);
        let (min, max) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let half_width = if n == 1 {
            f64::INFINITY
        } else if min == max {
            0.0
        } else {
            let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
            let sd = (ss / f64::from(n - 1)).sqrt();
            t975(n - 1) * sd / f64::from(n).sqrt()
        };
        Some(Interval { n, mean, half_width, min, max })
    }

    /// Lower end of the confidence interval.
    pub fn low(&self) -> f64 {
        self.mean - self.half_width
    }

    /// Upper end of the confidence interval.
    pub fn high(&self) -> f64 {
        self.mean + self.half_width
    }

    /// Whether `x` lies inside the confidence interval (ends included).
    pub fn contains(&self, x: f64) -> bool {
        self.low() <= x && x <= self.high()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P(T ≤ x) for Student's t with `df` degrees of freedom, by Simpson's rule on the density
    /// from 0 to x (the density is symmetric, so the CDF is 0.5 plus that integral).
    fn t_cdf(x: f64, df: u32) -> f64 {
        let nu = f64::from(df);
        let ln_c = libm::lgamma((nu + 1.0) / 2.0)
            - libm::lgamma(nu / 2.0)
            - 0.5 * (nu * std::f64::consts::PI).ln();
        let density = |t: f64| (ln_c - (nu + 1.0) / 2.0 * (1.0 + t * t / nu).ln()).exp();
        let steps = 20_000;
        let h = x / f64::from(steps);
        let mut sum = density(0.0) + density(x);
        for i in 1..steps {
            let w = if i % 2 == 1 { 4.0 } else { 2.0 };
            sum += w * density(h * f64::from(i));
        }
        0.5 + sum * h / 3.0
    }

    #[test]
    fn the_quantile_is_where_the_t_distribution_reaches_97_5_percent() {
        for df in (1..=40).chain([45, 50, 60, 80, 100, 120, 200, 500, 1000, 10_000]) {
            let p = t_cdf(t975(df), df);
            assert!((p - 0.975).abs() < 2e-6, "df {df}: t {} has cdf {p}", t975(df));
        }
        assert!(t975(0).is_infinite());
        assert!((t975(1_000_000) - Z975).abs() < 1e-5);
    }

    #[test]
    fn intervals_of_known_samples() {
        let i = Interval::of(&[1.0, 2.0, 3.0, 4.0]).expect("four values");
        assert_eq!(i.mean, 2.5);
        // s = √(5/3); t(0.975, 3) = 3.182446.
        let want = 3.182446 * (5.0f64 / 3.0).sqrt() / 2.0;
        assert!((i.half_width - want).abs() < 1e-9, "{i:?}");
        assert_eq!((i.min, i.max), (1.0, 4.0));
        assert!(i.contains(2.5 + want) && !i.contains(2.5 + want + 1e-6));
        let same = Interval::of(&[7.0; 5]).expect("five values");
        assert_eq!((same.mean, same.half_width), (7.0, 0.0));
        assert!(Interval::of(&[3.0]).expect("one").half_width.is_infinite());
        assert!(Interval::of(&[]).is_none());
    }
}
