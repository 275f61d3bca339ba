//! A builder's document rewritten as a device writes it: the builders make
//! documents under a random Automerge actor (like `doc::create`), which a
//! store refuses as a local creation ([`crate::store::StoreError::Unattributed`])
//! and a sync server as another device's change (`foreign_actor`).
//! [`owned_by`] copies the document's content into one new change under the
//! store's actor at the store's time, as `Device::new_doc` would have.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};

use crate::store::Store;

/// `doc`'s content (maps, lists, text, scalars, counters at their value)
/// as a new document written by `store`'s actor at its time, committed.
pub fn owned_by(store: &Store, doc: &AutoCommit) -> AutoCommit {
    copied_as(doc, store.actor(), store.now_ms())
}

/// `doc`'s content as a new document written by `actor` at `time_ms`.
pub fn copied_as(doc: &AutoCommit, actor: &ActorId, time_ms: i64) -> AutoCommit {
    let mut out = AutoCommit::new().with_actor(actor.clone());
    copy_map(doc, &ROOT, &mut out, &ROOT);
    out.commit_with(CommitOptions::default().with_time(time_ms));
    out
}

fn copy_map(from: &AutoCommit, obj: &ObjId, to: &mut AutoCommit, into: &ObjId) {
    for key in from.keys(obj) {
        let Ok(Some((value, id))) = from.get(obj, key.as_str()) else {
            continue;
        };
        match value {
            Value::Scalar(s) => {
                to.put(into, key.as_str(), s.into_owned())
                    .expect("put a scalar");
            }
            Value::Object(t) => {
                let child = to.put_object(into, key.as_str(), t).expect("put an object");
                copy_object(from, &id, t, to, &child);
            }
        }
    }
}

fn copy_object(from: &AutoCommit, obj: &ObjId, t: ObjType, to: &mut AutoCommit, into: &ObjId) {
    match t {
        ObjType::Map | ObjType::Table => copy_map(from, obj, to, into),
        ObjType::Text => {
            let text = from.text(obj).expect("text");
            to.splice_text(into, 0, 0, &text).expect("splice text");
        }
        ObjType::List => {
            for i in 0..from.length(obj) {
                let Ok(Some((value, id))) = from.get(obj, i) else {
                    continue;
                };
                match value {
                    Value::Scalar(s) => {
                        to.insert(into, i, s.into_owned()).expect("insert a scalar");
                    }
                    Value::Object(t) => {
                        let child = to.insert_object(into, i, t).expect("insert an object");
                        copy_object(from, &id, t, to, &child);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{PartBuilder, WorkOrderBuilder};

    #[test]
    fn a_copied_document_reads_the_same_and_is_one_change_of_the_stores_actor() {
        use crate::model::{DocKind, Part, WorkOrder};
        let store = Store::open_in_memory().unwrap();
        let (_, wo) = WorkOrderBuilder::new().assigned_to("zhang").signed().doc();
        let mut copy = owned_by(&store, &wo);
        let read =
            |d: &AutoCommit| crate::doc::read::<WorkOrder, _>(d, DocKind::WorkOrder).unwrap();
        assert_eq!(read(&copy), read(&wo));
        let changes = copy.get_changes_meta(&[]);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].actor.as_ref(), store.actor());
        assert_ne!(changes[0].timestamp, 0);

        let (_, part) = PartBuilder::new("P-2").stock(4).doc();
        let copy = owned_by(&store, &part);
        let read = |d: &AutoCommit| crate::doc::read::<Part, _>(d, DocKind::Part).unwrap();
        assert_eq!(read(&copy), read(&part));
        assert_eq!(crate::doc::read_stock(&copy), crate::doc::read_stock(&part));
    }
}
