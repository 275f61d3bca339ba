//! Two PostgreSQL store instances on one schema at once: creating the
//! same document (one wins, the other conflicts), and committing different
//! documents while a reader follows the change sequence (nothing missed).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use automerge::{transaction::Transactable, AutoCommit, ROOT};
use onsite_core::model::DocKind;

use crate::store::postgres::PgStore;
use crate::store::tests::{pg, schema, test_database, try_commit, OFFICE};
use crate::store::{CommitOutcome, ServerStore, StoreError};

#[test]
fn two_instances_creating_one_document_at_once_give_one_conflict() {
    let Some((s1, url, schema)) = pg() else {
        return;
    };
    let s2 = PgStore::connect(&url, Some(&schema)).unwrap();
    for i in 0..20 {
        let id = format!("part:{i}");
        let outcomes: Vec<_> = std::thread::scope(|t| {
            let runs: Vec<_> = [&s1, &s2]
                .into_iter()
                .map(|s| {
                    let id = id.clone();
                    t.spawn(move || {
                        let mut d = AutoCommit::new();
                        d.put(ROOT, "name", "x").unwrap();
                        try_commit(s, &id, DocKind::Part, None, &mut d, vec![])
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let stored = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(CommitOutcome::Stored(_))))
            .count();
        let conflicts = outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::Conflict(_))))
            .count();
        assert_eq!((stored, conflicts), (1, 1), "{outcomes:?}");
    }
}

/// Two instances commit different documents from two threads at once
/// while a reader follows the sequence as `crate::sync` does (`max_seq`,
/// then `changed_since` after its cursor, cursor to the larger of the
/// max and the last row): it must see every document, and the numbers
/// must be unique. A number taken early and committed late would let the
/// cursor pass it.
#[test]
fn a_reader_following_two_committing_instances_misses_nothing() {
    const PER_WRITER: usize = 200;
    let Some((s1, url, schema)) = pg() else {
        return;
    };
    let s2 = PgStore::connect(&url, Some(&schema)).unwrap();
    let reader = PgStore::connect(&url, Some(&schema)).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let (seen, numbers) = std::thread::scope(|t| {
        let writers: Vec<_> = [(&s1, "a"), (&s2, "b")]
            .into_iter()
            .map(|(s, who)| {
                t.spawn(move || {
                    let mut numbers = Vec::new();
                    for i in 0..PER_WRITER {
                        let mut d = AutoCommit::new();
                        d.put(ROOT, "name", format!("{who}{i}")).unwrap();
                        let id = format!("part:{who}{i}");
                        match try_commit(s, &id, DocKind::Part, None, &mut d, vec![]) {
                            Ok(CommitOutcome::Stored(n)) => numbers.push(n),
                            other => panic!("{id}: {other:?}"),
                        }
                    }
                    numbers
                })
            })
            .collect();
        let follow = {
            let (done, reader) = (done.clone(), &reader);
            t.spawn(move || {
                let (mut cursor, mut seen) = (0u64, BTreeSet::new());
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    let max = reader.max_seq().unwrap();
                    let rows = reader.changed_since(OFFICE, cursor, 100_000).unwrap().rows;
                    let last = rows.last().map_or(cursor, |r| r.seq);
                    seen.extend(rows.into_iter().map(|r| r.id));
                    cursor = max.max(last);
                    if finished {
                        return seen;
                    }
                }
            })
        };
        let mut numbers: Vec<u64> = writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        done.store(true, Ordering::SeqCst);
        numbers.sort_unstable();
        (follow.join().unwrap(), numbers)
    });
    assert_eq!(
        numbers,
        (1..=2 * PER_WRITER as u64).collect::<Vec<_>>(),
        "unique, no gaps"
    );
    let all: BTreeSet<String> = ["a", "b"]
        .iter()
        .flat_map(|w| (0..PER_WRITER).map(move |i| format!("part:{w}{i}")))
        .collect();
    let missed: Vec<_> = all.difference(&seen).collect();
    assert!(missed.is_empty(), "the reader missed {missed:?}");
}

#[test]
fn instances_starting_at_once_on_a_new_schema_migrate_it_once() {
    let Some(url) = test_database() else {
        return;
    };
    let schema = schema();
    let actors: Vec<_> = std::thread::scope(|t| {
        let starts: Vec<_> = (0..3)
            .map(|_| t.spawn(|| PgStore::connect(&url, Some(&schema)).unwrap()))
            .collect();
        starts
            .into_iter()
            .map(|s| s.join().unwrap().server_actor().unwrap())
            .collect()
    });
    assert!(actors.windows(2).all(|w| w[0] == w[1]), "one server actor");
}
