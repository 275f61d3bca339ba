//! Crash safety of the device store: a child process (this test binary
//! re-executed with `CHILD_ENV` set) makes a burst of edits on a real SQLite
//! file and acknowledges each one on stdout only after its transaction
//! committed. The parent kills it with SIGKILL mid-burst, reopens the file
//! and checks that every acknowledged edit is in the documents, that stock
//! counters agree with the pickups present (multi-document atomicity), and
//! that the projection rows equal a rebuild from the documents.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use onsite_core::doc;
use onsite_core::model::*;
use onsite_core::rules::Status;
use onsite_core::store::device::Store;
use onsite_core::store::query::WoFilter;
use onsite_core::testing::samples::{at, part_doc, work_order};
use onsite_core::testing::PickupBuilder;

const CHILD_ENV: &str = "ONSITE_STORE_CRASH_CHILD";
const WORK_ORDERS: usize = 5;
const PART: &str = "P-CRASH";
const START_STOCK: i64 = 1_000_000;
const MAX_EDITS: usize = 5_000;
const STATUSES: [Status; 4] = [
    Status::Responded,
    Status::EnRoute,
    Status::OnSite,
    Status::OnHold,
];

fn wo_id(i: usize) -> DocId {
    DocId::with_suffix(DocKind::WorkOrder, &format!("crash-{}", i % WORK_ORDERS))
}

fn pickup_id(i: usize) -> DocId {
    DocId::with_suffix(DocKind::Pickup, &format!("crash-{i}"))
}

fn part_id() -> DocId {
    DocId::with_suffix(DocKind::Part, PART)
}

/// Every 4th edit records a pickup and decrements the stock (two documents,
/// one transaction); the others add a note and move a work order.
fn is_pickup(i: usize) -> bool {
    i % 4 == 3
}

fn edit(store: &mut Store, i: usize) {
    if is_pickup(i) {
        let p = PickupBuilder::new(&wo_id(i), PART)
            .id_suffix(&format!("crash-{i}"))
            .build();
        let d = doc::create_as(DocKind::Pickup, &p, store.actor(), store.now_ms()).unwrap();
        store
            .transact(vec![(p.id.clone(), d)], &[part_id()], |docs, _| {
                doc::adjust_stock(&mut docs[0], MAIN_WAREHOUSE, -p.qty).map_err(|e| e.to_string())
            })
            .unwrap();
    } else {
        store
            .edit(&[wo_id(i)], |docs| {
                let mut wo: WorkOrder =
                    doc::read(&docs[0], DocKind::WorkOrder).map_err(|e| e.to_string())?;
                wo.status = STATUSES[(i / WORK_ORDERS) % STATUSES.len()];
                wo.priority = Priority::ALL[i % Priority::ALL.len()];
                wo.notes.push(Note {
                    at: at("2026-03-02T02:00:00Z"),
                    by: "zhang".into(),
                    role: "engineer".into(),
                    text: format!("edit {i}"),
                });
                doc::write(&mut docs[0], &wo).map_err(|e| e.to_string())
            })
            .unwrap();
    }
}

/// The child: edits until killed, acknowledging each committed edit.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return; // only runs when re-executed by the parent
    };
    let mut store = Store::open(Path::new(&path)).unwrap();
    let mut out = std::io::stdout();
    for i in 0..MAX_EDITS {
        edit(&mut store, i);
        writeln!(out, "\n@ack {i}@").unwrap();
        out.flush().unwrap();
    }
}

/// Kills the child if the parent fails first.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ack_of(line: &str) -> Option<usize> {
    let start = line.find("@ack ")? + 5;
    let end = start + line[start..].find('@')?;
    line[start..end].parse().ok()
}

fn setup(path: &Path) {
    let mut store = Store::open(path).unwrap();
    for i in 0..WORK_ORDERS {
        let wo = work_order(&format!("crash-{i}"), Some("zhang"));
        let mut d = doc::create_as(DocKind::WorkOrder, &wo, store.actor(), store.now_ms()).unwrap();
        store.create_doc(&wo.id, &mut d).unwrap();
    }
    let (id, d) = part_doc(PART, START_STOCK);
    let mut d = onsite_core::testing::owned_by(&store, &d);
    store.create_doc(&id, &mut d).unwrap();
}

/// Runs the child until it acknowledged `kill_after` edits, kills it, and
/// returns every acknowledged edit (including those still in the pipe).
fn run_child(path: &Path, kill_after: usize) -> Vec<usize> {
    let exe = std::env::current_exe().unwrap();
    let child = Command::new(exe)
        .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut guard = Guard(child);
    let mut lines = BufReader::new(guard.0.stdout.take().unwrap()).lines();
    let mut acked = Vec::new();
    for line in lines.by_ref() {
        if let Some(n) = ack_of(&line.unwrap()) {
            acked.push(n);
            if acked.len() >= kill_after {
                break;
            }
        }
    }
    assert_eq!(acked.len(), kill_after, "the child stopped early");
    guard.0.kill().unwrap(); // SIGKILL on Unix
    guard.0.wait().unwrap();
    acked.extend(lines.map_while(Result::ok).filter_map(|l| ack_of(&l)));
    acked
}

fn check(path: &Path, acked: &[usize]) {
    let mut store = Store::open(path).unwrap();
    let wos: Vec<WorkOrder> = (0..WORK_ORDERS)
        .map(|i| doc::read(&store.load(&wo_id(i)).unwrap().unwrap(), DocKind::WorkOrder).unwrap())
        .collect();
    for &i in acked {
        if is_pickup(i) {
            assert!(
                store.load(&pickup_id(i)).unwrap().is_some(),
                "pickup of edit {i} lost"
            );
        } else {
            let notes = &wos[i % WORK_ORDERS].notes;
            assert!(
                notes.iter().any(|n| n.text == format!("edit {i}")),
                "edit {i} lost"
            );
        }
    }
    // Multi-document atomicity: every pickup present decremented the stock once.
    let pickups = store.doc_ids(DocKind::Pickup).unwrap().len() as i64;
    let part = store.load(&part_id()).unwrap().unwrap();
    assert_eq!(
        doc::read_stock(&part)[MAIN_WAREHOUSE],
        START_STOCK - pickups
    );

    let lists = |s: &Store| {
        (
            s.list_work_orders(&WoFilter::default()).unwrap(),
            s.list_pickups(None, None).unwrap(),
            s.list_stock(None).unwrap(),
        )
    };
    let before = lists(&store);
    for row in &before.0 {
        let wo = wos.iter().find(|w| w.id == row.id).unwrap();
        assert_eq!((row.status, row.priority), (wo.status, wo.priority));
    }
    assert_eq!(before.1.len() as i64, pickups);
    assert_eq!(before.2[0].qty, START_STOCK - pickups);
    store.rebuild_projections().unwrap();
    assert_eq!(
        lists(&store),
        before,
        "projections disagree with the documents"
    );
}

#[test]
fn every_acknowledged_edit_survives_a_kill() {
    for kill_after in [3, 50, 121] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.sqlite");
        setup(&path);
        let acked = run_child(&path, kill_after);
        assert!(acked.len() >= kill_after);
        assert!(
            acked.len() < MAX_EDITS,
            "the child finished before it was killed"
        );
        check(&path, &acked);
    }
}
