//! Enums stored as their snake_case name: one macro gives each such enum
//! `as_str`, `Display`, `FromStr`, and the `autosurgeon` `Hydrate`/`Reconcile`
//! impls that keep it in an Automerge document as that string. Serde and
//! TypeScript names come from `#[serde(rename_all = "snake_case")]` on the
//! enum itself; each enum's tests check that the two spellings agree.

/// An unknown name was given for one of the rules' enums.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?}")]
pub struct UnknownName {
    /// What was being parsed, e.g. "work-order status".
    pub what: &'static str,
    /// The text that matched no variant.
    pub value: String,
}

/// `string_enum!(Type, "what it is", { Variant => "name", ... })`
macro_rules! string_enum {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stored (snake_case) name, identical to the serde name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::rules::names::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::rules::names::UnknownName {
                        what: $what,
                        value: s.to_owned(),
                    }),
                }
            }
        }

        impl ::autosurgeon::Hydrate for $ty {
            fn hydrate_string(s: &'_ str) -> Result<Self, ::autosurgeon::HydrateError> {
                s.parse().map_err(|_| {
                    ::autosurgeon::HydrateError::unexpected(concat!("a ", $what), s.to_owned())
                })
            }
        }

        impl ::autosurgeon::Reconcile for $ty {
            type Key<'a> = ::autosurgeon::reconcile::NoKey;
            fn reconcile<R: ::autosurgeon::Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
                reconciler.str(self.as_str())
            }
        }
    };
}

pub(crate) use string_enum;

/// Test helper: every variant's serde name equals `as_str`, parses back, and
/// survives a round trip through an Automerge document.
#[cfg(test)]
pub(crate) fn assert_names_agree<T>(all: &[T])
where
    T: Copy
        + PartialEq
        + std::fmt::Debug
        + std::fmt::Display
        + std::str::FromStr
        + serde::Serialize
        + serde::de::DeserializeOwned
        + autosurgeon::Hydrate
        + autosurgeon::Reconcile,
    <T as std::str::FromStr>::Err: std::fmt::Debug,
{
    use std::collections::BTreeMap;
    for &v in all {
        let name = v.to_string();
        assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
        assert_eq!(
            serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
            v
        );
        assert_eq!(name.parse::<T>().unwrap(), v);

        let mut doc = automerge::AutoCommit::new();
        let mut map = BTreeMap::new();
        map.insert("v".to_owned(), v);
        autosurgeon::reconcile(&mut doc, &map).unwrap();
        let raw: BTreeMap<String, String> = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(raw["v"], name, "stored as its name");
        let back: BTreeMap<String, T> = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(back["v"], v);
    }
    assert!("NoSuchName".parse::<T>().is_err());
}
