//! A batch received on several threads is stored exactly as one received
//! document by document, and all or nothing.

use automerge::AutoCommit;

use super::*;
use crate::rules::Status;
use crate::store::query::WoFilter;
use crate::testing::at;
use crate::testing::samples::{read_wo, wo_doc};

/// More documents than one thread receives ([`PARALLEL_FROM`]) and than a
/// window holds ([`WINDOW`]), so the work is spread and windowed.
const N: usize = WINDOW + PARALLEL_FROM + 5;

/// `N` work orders as a server holds them, every third one responded.
fn server_docs() -> Vec<(DocId, AutoCommit)> {
    (0..N)
        .map(|i| {
            let (id, mut d) = wo_doc(&format!("{i:03}"), Some("zhang"));
            if i % 3 == 0 {
                let mut wo = read_wo(&d);
                wo.status = Status::Responded;
                wo.timeline.responded_at = Some(at("2026-03-02T01:20:00Z"));
                crate::doc::write(&mut d, &wo).unwrap();
                d.commit();
            }
            (id, d)
        })
        .collect()
}

/// What a store holds that a user would notice: the list rows, each
/// document's heads, the stored sync states and the cursor.
fn held(
    s: &Store,
    ids: &[DocId],
) -> (
    Vec<crate::store::projection::WoRow>,
    Vec<usize>,
    i64,
    Option<Vec<u8>>,
) {
    let rows = s.list_work_orders(&WoFilter::default()).unwrap();
    let heads = ids
        .iter()
        .map(|id| s.load(id).unwrap().map_or(0, |mut d| d.get_heads().len()))
        .collect();
    let states = s
        .conn
        .query_row("SELECT count(*) FROM sync_state", [], |r| r.get(0))
        .unwrap();
    (rows, heads, states, s.get_meta("sync.cursor").unwrap())
}

const CURSOR: &[(&str, Option<&[u8]>)] = &[("sync.cursor", Some(b"c-1"))];

#[test]
fn a_batch_received_on_several_threads_is_stored_as_one_thread_stores_it() {
    let docs = server_docs();
    let ids: Vec<DocId> = docs.iter().map(|(id, _)| id.clone()).collect();

    let mut one = Store::open_in_memory().unwrap();
    let mut i = 0;
    let seq = one
        .apply_remote_batch_with_meta(&ids, CURSOR, |id, doc, _| {
            let mut from = docs[i].1.clone();
            i += 1;
            doc.merge(&mut from).map(|_| id.to_string())
        })
        .unwrap();

    let mut many = Store::open_in_memory().unwrap();
    let items = docs.iter().map(|(id, d)| (id.clone(), d.clone())).collect();
    let par = many
        .apply_remote_batch_parallel(items, CURSOR, |id, doc, _, mut from: AutoCommit| {
            // As the sync client does: a document new here received whole
            // keeps the server's bytes as its snapshot.
            let bytes = from.save();
            doc.merge(&mut from).map(|_| (id.to_string(), Some(bytes)))
        })
        .unwrap();

    assert_eq!(par, seq, "results in the order of the batch");
    let expected: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    assert_eq!(par, expected);
    let (rows, heads, states, cursor) = held(&many, &ids);
    assert_eq!(
        (rows.clone(), heads.clone(), states, cursor.clone()),
        held(&one, &ids)
    );
    assert_eq!(rows.len(), N, "every order listed");
    assert_eq!(
        rows.iter()
            .filter(|r| r.status == Status::Responded)
            .count(),
        N.div_ceil(3)
    );
    assert!(heads.iter().all(|&h| h == 1), "every document stored");
    assert_eq!(states, N as i64);
    assert_eq!(cursor.as_deref(), Some(&b"c-1"[..]));
    assert_eq!(
        many.dirty_count().unwrap(),
        0,
        "remote changes are not local edits"
    );
}

#[test]
fn one_document_failing_on_any_thread_leaves_nothing_of_the_batch() {
    let docs = server_docs();
    let ids: Vec<DocId> = docs.iter().map(|(id, _)| id.clone()).collect();
    let bad = ids[N - 2].clone();
    let mut s = Store::open_in_memory().unwrap();
    let items = docs.iter().map(|(id, d)| (id.clone(), d.clone())).collect();
    let err = s
        .apply_remote_batch_parallel(items, CURSOR, |id, doc, _, mut from: AutoCommit| {
            if *id == bad {
                return Err(format!("{id} does not apply"));
            }
            doc.merge(&mut from).map_err(|e| e.to_string())?;
            Ok(((), None))
        })
        .unwrap_err();
    assert!(
        matches!(err, EditError::Closure(ref m) if m.contains("does not apply")),
        "{err:?}"
    );
    let (rows, heads, states, cursor) = held(&s, &ids);
    assert!(rows.is_empty());
    assert!(heads.iter().all(|&h| h == 0), "no document stored");
    assert_eq!(states, 0);
    assert_eq!(cursor, None, "the cursor not moved past the batch");
}
