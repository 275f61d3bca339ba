//! Tolerant reading of optional keys: a field `docs/schema.md` marks
//! optional may be absent from a document, or `null`, and reads as its
//! empty value (`None`, an empty list, an empty map, `""`, `false`, 0).
//!
//! Another client (the JavaScript one, an older version of ours) may leave
//! optional keys out; autosurgeon's own `Option<T>` refuses an absent key
//! ("expected a ScalarValue::Null"). Fields use this reader with
//! `#[autosurgeon(hydrate = "or_empty")]`. Writing stays strict: our writers
//! write every key, `null` for an empty optional one.

use automerge::{ObjId, ScalarValue, Value};
use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc};

/// Reads `prop` as `T`, or `T::default()` when it is absent or `null`.
pub fn or_empty<D: ReadDoc, T: Hydrate + Default>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<T, HydrateError> {
    match doc.get(obj, &prop)? {
        None => Ok(T::default()),
        Some((Value::Scalar(s), _)) if matches!(s.as_ref(), ScalarValue::Null) => Ok(T::default()),
        Some(_) => T::hydrate(doc, obj, prop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit, ROOT};

    #[test]
    fn an_absent_or_null_optional_key_reads_as_its_empty_value() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "null", ScalarValue::Null).unwrap();
        doc.put(ROOT, "text", "x").unwrap();
        let absent: Option<String> = or_empty(&doc, &ROOT, "absent".into()).unwrap();
        let null: Vec<String> = or_empty(&doc, &ROOT, "null".into()).unwrap();
        let text: Option<String> = or_empty(&doc, &ROOT, "text".into()).unwrap();
        assert_eq!((absent, null, text), (None, vec![], Some("x".into())));
    }

    #[test]
    fn a_present_value_of_the_wrong_type_is_still_an_error() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "list", 3_i64).unwrap();
        assert!(or_empty::<_, Vec<String>>(&doc, &ROOT, "list".into()).is_err());
    }
}
