//! The figures: collected in run order with their unit and target, printed
//! as a table on stdout, written as one flat JSON object of numbers.
//!
//! A figure that misses its target is printed with the target beside it
//! (`MISSES`); nothing here ever fails the run. A figure that could not be
//! measured is left out of the JSON (never `null`) and printed with the
//! reason instead of a value.

use std::path::Path;
use std::time::Duration;

/// How a figure compares with its target.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// No target: informational.
    None,
    /// At most this value.
    AtMost(f64),
    /// Exactly this value.
    Equals(f64),
    /// A target stated in words, with whether it was met.
    Text(String, bool),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::None => String::new(),
            Target::AtMost(v) => format!("≤ {}", num(*v)),
            Target::Equals(v) => format!("= {}", num(*v)),
            Target::Text(t, _) => t.clone(),
        }
    }

    fn met(&self, value: f64) -> Option<bool> {
        match self {
            Target::None => None,
            Target::AtMost(t) => Some(value <= *t),
            Target::Equals(t) => Some((value - *t).abs() < 1e-9),
            Target::Text(_, ok) => Some(*ok),
        }
    }
}

/// One figure.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The results.json key.
    pub key: String,
    /// The value, or why there is none.
    pub value: Result<f64, String>,
    /// Its unit, for the table.
    pub unit: &'static str,
    /// Its target.
    pub target: Target,
}

/// Every figure of a run, in order.
#[derive(Debug, Default)]
pub struct Report {
    figures: Vec<Figure>,
}

fn num(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Milliseconds of a duration, with fractions.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p`-th percentile (0..=100) of `samples` (nearest rank); 0 when empty.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut s = samples.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

impl Report {
    /// Records the `p`-th percentile of `samples`, in milliseconds.
    pub fn add_ms_percentile(&mut self, key: &str, samples: &[f64], p: f64, target: Target) {
        self.add(key, percentile(samples, p), "ms", target);
    }

    /// Records a measured figure and prints a progress line on stderr.
    pub fn add(&mut self, key: impl Into<String>, value: f64, unit: &'static str, target: Target) {
        let key = key.into();
        let miss = target.met(value) == Some(false);
        eprintln!(
            "[bench]   {key} = {} {unit}{}",
            num(value),
            if miss {
                format!("  (MISSES target {})", target.describe())
            } else {
                String::new()
            }
        );
        self.figures.push(Figure {
            key,
            value: Ok(value),
            unit,
            target,
        });
    }

    /// Records a figure that could not be measured, with the reason.
    pub fn missing(
        &mut self,
        key: impl Into<String>,
        unit: &'static str,
        target: Target,
        why: impl Into<String>,
    ) {
        let key = key.into();
        let why = why.into();
        eprintln!("[bench]   {key}: not measured: {why}");
        self.figures.push(Figure {
            key,
            value: Err(why),
            unit,
            target,
        });
    }

    /// The value of a figure recorded earlier.
    pub fn get(&self, key: &str) -> Option<f64> {
        self.figures
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.value.as_ref().ok().copied())
    }

    /// The figures that miss their target or were not measured.
    pub fn misses(&self) -> Vec<&Figure> {
        self.figures
            .iter()
            .filter(|f| match &f.value {
                Ok(v) => f.target.met(*v) == Some(false),
                Err(_) => true,
            })
            .collect()
    }

    /// The table, for stdout.
    pub fn table(&self) -> String {
        let rows: Vec<[String; 4]> = self
            .figures
            .iter()
            .map(|f| {
                let (value, status) = match &f.value {
                    Ok(v) => (
                        format!("{} {}", num(*v), f.unit).trim().to_string(),
                        match f.target.met(*v) {
                            None => String::new(),
                            Some(true) => "ok".into(),
                            Some(false) => format!("MISSES (target {})", f.target.describe()),
                        },
                    ),
                    Err(why) => ("n/a".into(), format!("NOT MEASURED: {why}")),
                };
                [f.key.clone(), value, f.target.describe(), status]
            })
            .collect();
        let head = ["figure", "value", "target", "status"].map(String::from);
        let width = |i: usize| {
            rows.iter()
                .chain(std::iter::once(&head))
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        };
        let w = [width(0), width(1), width(2)];
        let line = |r: &[String; 4]| {
            let pad = |s: &str, n: usize| {
                format!("{s}{}", " ".repeat(n.saturating_sub(s.chars().count())))
            };
            format!(
                "| {} | {} | {} | {}",
                pad(&r[0], w[0]),
                pad(&r[1], w[1]),
                pad(&r[2], w[2]),
                r[3]
            )
            .trim_end()
            .to_string()
        };
        let mut out = vec![line(&head)];
        out.push(format!(
            "|{}|{}|{}|--------",
            "-".repeat(w[0] + 2),
            "-".repeat(w[1] + 2),
            "-".repeat(w[2] + 2)
        ));
        out.extend(rows.iter().map(line));
        out.join("\n")
    }

    /// The flat JSON object: every measured figure, nothing else.
    pub fn json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for f in &self.figures {
            if let Ok(v) = f.value {
                let n = if v == v.trunc() && v.abs() < 9e15 {
                    serde_json::Number::from(v as i64)
                } else {
                    serde_json::Number::from_f64((v * 1000.0).round() / 1000.0)
                        .unwrap_or_else(|| 0.into())
                };
                map.insert(f.key.clone(), serde_json::Value::Number(n));
            }
        }
        serde_json::Value::Object(map)
    }

    /// Writes [`Report::json`] to `path` (creating its folder).
    pub fn write_json(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(&self.json()).expect("numbers serialise");
        std::fs::write(path, text + "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_are_flagged_and_missing_figures_left_out_of_the_json() {
        let mut r = Report::default();
        r.add("a_ms", 3.5, "ms", Target::AtMost(5.0));
        r.add("b_ms", 30.0, "ms", Target::AtMost(20.0));
        r.missing("c_ms", "ms", Target::AtMost(1.0), "no app");
        let j = r.json();
        assert_eq!(j["a_ms"], 3.5);
        assert_eq!(j["b_ms"], 30);
        assert!(j.get("c_ms").is_none());
        assert_eq!(r.misses().len(), 2);
        assert!(r.table().contains("MISSES (target ≤ 20)"));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), 2.0);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 99.0), 4.0);
    }
}
