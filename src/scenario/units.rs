//! How figures are written for people: counts with thousands separators (`4,838`), durations in
//! the largest unit that reads well (`850 µs`, `297 ms`, `1.2 s`, `25 min 35 s`), rates with a
//! suffix (`100k/s`). One module, so that the UI, the command line and check sentences write the
//! same figure the same way.

use super::checks::CheckUnit;

/// `1234` as `1,234`, `12.345` as `12.35` (two decimals at most, none for whole numbers).
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let mut out = String::with_capacity(24);
    if rounded < 0.0 {
        out.push('-');
    }
    out.push_str(&format_count(whole.abs() as u64));
    let fraction = (rounded - whole).abs();
    if fraction > 0.0 {
        let text = format!("{fraction:.2}");
        out.push_str(text.trim_start_matches('0').trim_end_matches('0'));
    }
    out
}

/// A count with thousands separators: `4838` as `4,838`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A count and what it counts, in the singular for one: `1 event emitted`, `2 events emitted`,
/// `1 relay crash`, `1 write`. `plural` is a figure's label (every noun in it plural).
pub fn counted(n: u64, plural: &str) -> String {
    if n != 1 {
        return format!("{} {plural}", format_count(n));
    }
    /// The plural nouns of the figure labels, with their singulars.
    const SINGULAR: [(&str, &str); 11] = [
        ("events", "event"),
        ("writes", "write"),
        ("requests", "request"),
        ("effects", "effect"),
        ("calls", "call"),
        ("publishes", "publish"),
        ("crashes", "crash"),
        ("rebuilds", "rebuild"),
        ("rows", "row"),
        ("violations", "violation"),
        ("messages", "message"),
    ];
    let words: Vec<&str> = plural
        .split(' ')
        .map(|w| SINGULAR.iter().find(|(p, _)| *p == w).map_or(w, |(_, one)| *one))
        .collect();
    format!("1 {}", words.join(" "))
}

/// `x` to at most one decimal, without a trailing `.0`: `85.5`, `7`.
fn one_decimal(x: f64) -> String {
    let text = format!("{x:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// A duration given in microseconds, in the unit that reads best: `850 µs`, `7 ms`, `85.5 ms`,
/// `297 ms`, `1.2 s`, `25 min 35 s`, `2 h 5 min`.
pub fn format_duration_us(us: f64) -> String {
    if !us.is_finite() || us <= 0.0 {
        return "0 ms".to_owned();
    }
    if us < 1_000.0 {
        return format!("{us:.0} µs");
    }
    let ms = us / 1e3;
    if ms < 100.0 {
        return format!("{} ms", one_decimal(ms));
    }
    if ms < 999.5 {
        return format!("{ms:.0} ms");
    }
    let s = ms / 1e3;
    if s < 59.95 {
        return format!("{} s", one_decimal(s));
    }
    let whole = s.round() as u64;
    let (minutes, seconds) = (whole / 60, whole % 60);
    if minutes < 60 {
        return format!("{minutes} min {seconds} s");
    }
    format!("{} h {} min", minutes / 60, minutes % 60)
}

/// A rate per second: `0.5/s`, `12/s`, `297/s`, `1.5k/s`, `100k/s`, `2.5M/s`.
pub fn format_rate(per_s: f64) -> String {
    let per_s = if per_s.is_finite() { per_s.max(0.0) } else { 0.0 };
    let number = if per_s < 10.0 {
        one_decimal(per_s)
    } else if per_s < 999.5 {
        format!("{per_s:.0}")
    } else if per_s < 999_500.0 {
        format!("{}k", one_decimal(per_s / 1e3))
    } else {
        format!("{}M", one_decimal(per_s / 1e6))
    };
    format!("{number}/s")
}

/// A figure's value with its unit: `1,000 messages`, `1 message`, `297 ms`, `1.2 s`, `3`.
pub fn format_value(value: f64, unit: CheckUnit) -> String {
    match unit {
        CheckUnit::Count => format_number(value),
        CheckUnit::Messages if format_number(value) == "1" => "1 message".to_owned(),
        CheckUnit::Messages => format!("{} {}", format_number(value), unit.label()),
        CheckUnit::Ms => format_duration_us(value * 1e3),
    }
}

/// A mean with its confidence interval's half width: `3,600 ± 12.5`, `120 ± 4 messages`,
/// `85 ms ± 3 ms` (each duration in its own best unit), `7` when every run agreed.
pub fn format_interval(mean: f64, half_width: f64, unit: CheckUnit) -> String {
    if half_width == 0.0 {
        return format_value(mean, unit);
    }
    let half = if half_width.is_finite() { format_value(half_width, unit) } else { "∞".into() };
    match unit {
        CheckUnit::Ms => format!("{} ± {half}", format_value(mean, unit)),
        _ => format!("{} ± {half}", format_number(mean)),
    }
}

/// A simulated time in words, to a tenth of a second: `12.4 s`, `25 min 35 s`, `1 h 5 min 0 s`.
pub fn format_sim_time(us: u64) -> String {
    let tenths = (us + 50_000) / 100_000;
    let (seconds, tenth) = (tenths / 10, tenths % 10);
    if seconds < 60 {
        return format!("{seconds}.{tenth} s");
    }
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    if minutes < 60 {
        return format!("{minutes} min {seconds} s");
    }
    format!("{} h {} min {seconds} s", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn intervals_read_with_one_unit() {
        assert_eq!(format_interval(3600.4, 12.345, CheckUnit::Count), "3,600.4 ± 12.35");
        assert_eq!(format_interval(120.0, 4.0, CheckUnit::Messages), "120 ± 4 messages");
        assert_eq!(format_interval(85.5, 3.0, CheckUnit::Ms), "85.5 ms ± 3 ms");
        assert_eq!(format_interval(7.0, 0.0, CheckUnit::Count), "7");
        assert_eq!(format_interval(7.0, f64::INFINITY, CheckUnit::Count), "7 ± ∞");
    }

    #[test]
    fn one_is_said_in_the_singular() {
        assert_eq!(super::counted(1, "events emitted"), "1 event emitted");
        assert_eq!(super::counted(2, "events emitted"), "2 events emitted");
        assert_eq!(super::counted(1, "writes"), "1 write");
        assert_eq!(super::counted(1, "relay crashes"), "1 relay crash");
        assert_eq!(super::counted(1, "duplicate side effects"), "1 duplicate side effect");
        assert_eq!(super::counted(1, "lost"), "1 lost");
        assert_eq!(super::counted(4838, "rows written"), "4,838 rows written");
    }

    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(1000.0), "1,000");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(-1234.5), "-1,234.5");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(2.999), "3");
        assert_eq!(format_count(4838), "4,838");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_value(500.0, CheckUnit::Ms), "500 ms");
        assert_eq!(format_value(1.0, CheckUnit::Messages), "1 message");
        assert_eq!(format_value(1000.0, CheckUnit::Messages), "1,000 messages");
        assert_eq!(format_sim_time(12_449_999), "12.4 s");
        assert_eq!(format_sim_time(1_535_000_000), "25 min 35 s");
        assert_eq!(format_sim_time(3_900_000_000), "1 h 5 min 0 s");
    }

    #[test]
    fn durations_and_rates_read_in_their_best_unit() {
        assert_eq!(format_duration_us(0.0), "0 ms");
        assert_eq!(format_duration_us(850.0), "850 µs");
        assert_eq!(format_duration_us(7_000.0), "7 ms");
        assert_eq!(format_duration_us(85_500.0), "85.5 ms");
        assert_eq!(format_duration_us(297_400.0), "297 ms");
        assert_eq!(format_duration_us(999_700.0), "1 s");
        assert_eq!(format_duration_us(1_230_000.0), "1.2 s");
        assert_eq!(format_duration_us(1_535_000_000.0), "25 min 35 s");
        assert_eq!(format_duration_us(7_500_000_000.0), "2 h 5 min");
        assert_eq!(format_rate(0.5), "0.5/s");
        assert_eq!(format_rate(12.0), "12/s");
        assert_eq!(format_rate(297.2), "297/s");
        assert_eq!(format_rate(1_500.0), "1.5k/s");
        assert_eq!(format_rate(100_000.0), "100k/s");
        assert_eq!(format_rate(2_500_000.0), "2.5M/s");
    }
}
