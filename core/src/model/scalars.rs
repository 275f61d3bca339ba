//! Scalar types shared by every document: instants, calendar days and the
//! tolerant number readers.
//!
//! In an Automerge document an instant is an RFC 3339 string in UTC
//! (`2026-11-25T08:00:00Z`) and a calendar day is `YYYY-MM-DD`. Numbers are
//! integers, but readers accept any numeric scalar (a JavaScript client may
//! write `0` or a negative number as a float), see `docs/schema.md`.

use std::borrow::Cow;
use std::fmt;

use autosurgeon::{HydrateError, Reconcile, Reconciler};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An instant, stored as an RFC 3339 UTC string. Deserialised (serde) by
/// the same rules as hydrated (RFC 3339, years 0000-9999), so that
/// `doc::fast_read` and `autosurgeon` read a document alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(transparent)]
#[ts(type = "string", export)]
pub struct Ts(pub DateTime<Utc>);

impl Ts {
    /// The RFC 3339 form written into documents (seconds precision, `Z`).
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

impl From<DateTime<Utc>> for Ts {
    fn from(t: DateTime<Utc>) -> Self {
        // Documents keep whole seconds so every peer renders the same text.
        Ts(DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t))
    }
}

impl fmt::Display for Ts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// The years a document's instants and days may fall in: those written
/// with four digits. Outside them the text written (`+10000-…`) would not
/// read back, and the rules' date arithmetic (deadlines, working days)
/// would overflow chrono's range and panic.
const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

impl autosurgeon::Hydrate for Ts {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        let t = DateTime::parse_from_rfc3339(s)
            .map_err(|e| HydrateError::unexpected("an RFC 3339 instant", format!("{s:?}: {e}")))?
            .with_timezone(&Utc);
        if !YEARS.contains(&t.year()) {
            return Err(HydrateError::unexpected(
                "an instant in the years 0000-9999 (UTC)",
                format!("{s:?}"),
            ));
        }
        Ok(Ts(t))
    }
    fn hydrate_timestamp(ms: i64) -> Result<Self, HydrateError> {
        DateTime::from_timestamp_millis(ms)
            .filter(|t| YEARS.contains(&t.year()))
            .map(Ts)
            .ok_or_else(|| {
                HydrateError::unexpected("a timestamp in the years 0000-9999", ms.to_string())
            })
    }
}

/// A calendar day, stored as `YYYY-MM-DD`. Deserialised (serde) by the
/// same rules as hydrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(transparent)]
#[ts(type = "string", export)]
pub struct Day(pub NaiveDate);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl autosurgeon::Hydrate for Day {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|e| HydrateError::unexpected("a YYYY-MM-DD day", format!("{s:?}: {e}")))
            .and_then(|d| {
                if YEARS.contains(&d.year()) {
                    Ok(Day(d))
                } else {
                    Err(HydrateError::unexpected(
                        "a YYYY-MM-DD day",
                        format!("{s:?}"),
                    ))
                }
            })
    }
}

/// Stores each scalar named as its `Display` text, and deserialises it
/// (serde) by its `Hydrate::hydrate_string`, so that `doc::fast_read` and
/// `autosurgeon` read it alike.
macro_rules! stored_as_text {
    ($($t:ty),+) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = Cow::<'de, str>::deserialize(d)?;
                <$t as autosurgeon::Hydrate>::hydrate_string(&s).map_err(serde::de::Error::custom)
            }
        }

        impl Reconcile for $t {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
                reconciler.str(self.to_string())
            }
        }
    )+};
}

stored_as_text!(Ts, Day);

/// Reads any numeric scalar (int, uint, float, counter) as an `i64`.
/// Floats are rounded to the nearest integer.
pub fn hydrate_i64<D: autosurgeon::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<i64, HydrateError> {
    Ok(hydrate_opt_i64(doc, obj, prop)?.unwrap_or(0))
}

/// `hydrate_i64` for an optional field: missing or null reads as `None`.
pub fn hydrate_opt_i64<D: autosurgeon::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<Option<i64>, HydrateError> {
    if doc.get(obj, &prop)?.is_none() {
        return Ok(None);
    }
    let n: Option<Num> = autosurgeon::hydrate_prop(doc, obj, prop)?;
    Ok(n.map(|n| n.0))
}

/// A number read tolerantly; written as an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Num(pub i64);

impl autosurgeon::Hydrate for Num {
    fn hydrate_scalar(s: Cow<'_, automerge::ScalarValue>) -> Result<Self, HydrateError> {
        use automerge::ScalarValue as S;
        match s.as_ref() {
            S::Int(i) => Ok(Num(*i)),
            S::Uint(u) => i64::try_from(*u)
                .map(Num)
                .map_err(|_| HydrateError::unexpected("a number", u.to_string())),
            S::F64(f) if f.is_finite() => Ok(Num(f.round() as i64)),
            S::Counter(c) => Ok(Num(i64::from(c))),
            other => Err(HydrateError::unexpected("a number", format!("{other:?}"))),
        }
    }
    // autosurgeon's `Option<T>` calls these directly, bypassing `hydrate_scalar`.
    fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
        Ok(Num(i))
    }
    fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
        i64::try_from(u)
            .map(Num)
            .map_err(|_| HydrateError::unexpected("a number", u.to_string()))
    }
    fn hydrate_f64(f: f64) -> Result<Self, HydrateError> {
        if f.is_finite() {
            Ok(Num(f.round() as i64))
        } else {
            Err(HydrateError::unexpected("a number", f.to_string()))
        }
    }
    fn hydrate_counter(c: i64) -> Result<Self, HydrateError> {
        Ok(Num(c))
    }
}

impl Reconcile for Num {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.i64(self.0)
    }
}

/// Declares a fieldless enum stored in documents as a fixed string, with
/// `as_str`, `FromStr`, serde, TypeScript and Automerge mappings that agree.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The text stored in documents.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!("{:?} is not a valid {}", other, stringify!($name))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl autosurgeon::Hydrate for $name {
            fn hydrate_string(s: &str) -> Result<Self, autosurgeon::HydrateError> {
                s.parse().map_err(|e: String| autosurgeon::HydrateError::unexpected(stringify!($name), e))
            }
        }

        impl autosurgeon::Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: autosurgeon::Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
                r.str(self.as_str())
            }
        }
    };
}

impl autosurgeon::Hydrate for crate::model::ids::DocId {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        s.parse().map_err(|e: crate::model::ids::IdError| {
            HydrateError::unexpected("a document id", e.to_string())
        })
    }
}

impl Reconcile for crate::model::ids::DocId {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit, ROOT};
    use autosurgeon::Hydrate;

    #[test]
    fn numbers_written_by_javascript_as_floats_read_as_integers() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "a", 0.0_f64).unwrap();
        doc.put(ROOT, "b", -250.0_f64).unwrap();
        doc.put(ROOT, "c", 7_u64).unwrap();
        let a = hydrate_i64(&doc, &ROOT, "a".into()).unwrap();
        let b = hydrate_i64(&doc, &ROOT, "b".into()).unwrap();
        let c = hydrate_i64(&doc, &ROOT, "c".into()).unwrap();
        assert_eq!((a, b, c), (0, -250, 7));
        assert_eq!(
            hydrate_opt_i64(&doc, &ROOT, "missing".into()).unwrap(),
            None
        );
    }

    #[test]
    fn a_string_where_a_number_belongs_is_an_error_not_zero() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "a", "12").unwrap();
        assert!(hydrate_i64(&doc, &ROOT, "a".into()).is_err());
    }

    /// Found by the fuzz target `config`: such an instant or day read
    /// from a document made the service clocks panic (date overflow), and
    /// an instant past 9999 was written back as text that does not read.
    #[test]
    fn instants_and_days_beyond_year_9999_are_refused_not_a_panic_later() {
        assert!(Ts::hydrate_timestamp(8_210_266_876_799_999).is_err());
        assert!(Ts::hydrate_string("9999-12-31T23:00:00-08:00").is_err());
        assert!(Day::hydrate_string("+262142-12-31").is_err());
        let last = Ts::hydrate_string("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(Ts::hydrate_string(&last.to_rfc3339()).unwrap(), last);
        assert!(Ts::hydrate_timestamp(0).is_ok());
        assert!(Day::hydrate_string("0000-01-01").is_ok());
    }

    #[test]
    fn instants_round_trip_as_rfc3339_utc() {
        let t: Ts = "2026-03-01T09:30:00+08:00"
            .parse::<DateTime<Utc>>()
            .unwrap()
            .into();
        assert_eq!(t.to_rfc3339(), "2026-03-01T01:30:00Z");
        let mut doc = AutoCommit::new();
        autosurgeon::reconcile_prop(&mut doc, ROOT, "t", t).unwrap();
        let back: Ts = autosurgeon::hydrate_prop(&doc, &ROOT, "t").unwrap();
        assert_eq!(back, t);
    }
}
