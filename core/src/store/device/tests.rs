//! Tests of the device store on in-memory and file databases: one
//! transaction per action, dirty marks, remote rounds, migrations.
//!
//! (Over 500 lines on purpose: one test binary section for the store's
//! transaction and attribution guarantees, sharing its fixtures.)

use super::*;
use crate::doc;
use crate::model::{DocKind, Pickup, MAIN_WAREHOUSE};
use crate::rules::Status;
use crate::store::query::WoFilter;
use crate::testing::samples::*;
use crate::testing::PartBuilder;
use crate::warehouse::ConfirmState;

fn respond(docs: &mut [AutoCommit]) -> std::result::Result<(), String> {
    let mut wo = read_wo(&docs[0]);
    wo.status = Status::Responded;
    wo.timeline.responded_at = Some(at("2026-03-02T01:20:00Z"));
    doc::write(&mut docs[0], &wo).map_err(|e| e.to_string())
}

/// Chunk count, saved heads, list rows, dirty set.
type Snapshot = (
    i64,
    Vec<u8>,
    Vec<crate::store::projection::WoRow>,
    Vec<(String, i64)>,
);

/// Everything an edit may touch, to compare before and after.
fn state(s: &Store) -> Snapshot {
    let heads: Vec<u8> = s
        .conn
        .query_row(
            "SELECT saved_heads FROM documents WHERE id = 'wo:1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (
        count(s, "SELECT count(*) FROM chunks"),
        heads,
        s.list_work_orders(&WoFilter::default()).unwrap(),
        s.dirty_snapshot().unwrap(),
    )
}

#[test]
fn an_edit_commits_chunk_projection_and_dirty_mark_together() {
    let (mut s, id) = store_with_wo();
    let snap = s.dirty_snapshot().unwrap();
    assert_eq!(snap.len(), 1, "a created document is dirty");
    s.clear_dirty(&snap).unwrap();
    assert_eq!(s.dirty_count().unwrap(), 0);

    s.edit(std::slice::from_ref(&id), respond).unwrap();

    assert_eq!(count(&s, "SELECT count(*) FROM chunks"), 1);
    let rows = s.list_work_orders(&WoFilter::default()).unwrap();
    assert_eq!(rows[0].status, Status::Responded);
    assert_eq!(rows[0].responded_at, Some(at("2026-03-02T01:20:00Z")));
    assert_eq!(s.dirty_snapshot().unwrap()[0].0, "wo:1");
    let back = read_wo(&s.load(&id).unwrap().unwrap());
    assert_eq!(back.status, Status::Responded);
}

#[test]
fn a_closure_error_leaves_nothing_changed() {
    let (mut s, id) = store_with_wo();
    s.clear_dirty(&s.dirty_snapshot().unwrap()).unwrap();
    let before = state(&s);
    let err = s
        .edit(std::slice::from_ref(&id), |docs| {
            respond(docs)?;
            Err::<(), _>("refused".to_string())
        })
        .unwrap_err();
    assert!(matches!(err, EditError::Closure(ref m) if m == "refused"));
    assert_eq!(state(&s), before);
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let (mut s, id) = store_with_wo();
    s.clear_dirty(&s.dirty_snapshot().unwrap()).unwrap();
    let before = state(&s);
    s.edit(&[id], |_| Ok::<_, String>(())).unwrap();
    assert_eq!(state(&s), before);
}

#[test]
fn editing_a_missing_or_repeated_document_is_a_store_error() {
    let (mut s, id) = store_with_wo();
    let missing = DocId::with_suffix(DocKind::WorkOrder, "nope");
    let err = s.edit(&[missing], |_| Ok::<_, String>(())).unwrap_err();
    assert!(
        matches!(err, EditError::Store(StoreError::NotFound(_))),
        "{err}"
    );
    let err = s
        .edit(&[id.clone(), id], |_| Ok::<_, String>(()))
        .unwrap_err();
    assert!(
        matches!(err, EditError::Store(StoreError::DuplicateId(_))),
        "{err}"
    );
}

#[test]
fn creating_a_taken_id_is_refused() {
    let (mut s, _) = store_with_wo();
    let (id, mut d) = wo_doc("1", None);
    assert!(matches!(
        s.create_doc(&id, &mut d),
        Err(StoreError::AlreadyExists(_))
    ));
}

/// A pickup document as this store's device makes it (under its actor,
/// timed), so a local edit may create it.
fn own_pickup(s: &Store, suffix: &str, wo: &DocId, part_no: &str, qty: i64) -> (DocId, AutoCommit) {
    let (id, d) = pickup_doc(suffix, wo, part_no, qty);
    let p: Pickup = doc::read(&d, DocKind::Pickup).unwrap();
    let d = doc::create_as(DocKind::Pickup, &p, s.actor(), s.now_ms()).unwrap();
    (id, d)
}

#[test]
fn a_pickup_and_its_stock_decrement_commit_together_or_not_at_all() {
    let (mut s, wo) = store_with_wo();
    let (part, mut pd) = part_doc("P-100", 10);
    s.create_doc_merging(&part, &mut pd).unwrap();
    let (pid, p) = own_pickup(&s, "a", &wo, "P-100", 3);
    s.transact(
        vec![(pid.clone(), p)],
        std::slice::from_ref(&part),
        |docs, _| {
            let p: Pickup = doc::read(&docs[1], DocKind::Pickup)?;
            doc::adjust_stock(&mut docs[0], MAIN_WAREHOUSE, -p.qty)
        },
    )
    .unwrap();
    assert_eq!(s.list_stock(None).unwrap()[0].qty, 7);
    assert_eq!(s.list_pickups(Some(&wo), None).unwrap()[0].id, pid);

    let (pid2, p2) = own_pickup(&s, "b", &wo, "P-100", 5);
    let err = s
        .transact(
            vec![(pid2.clone(), p2)],
            std::slice::from_ref(&part),
            |docs, _| {
                doc::adjust_stock(&mut docs[0], MAIN_WAREHOUSE, -5)?;
                doc::adjust_stock(&mut docs[0], "nowhere", -5)
            },
        )
        .unwrap_err();
    assert!(matches!(
        err,
        EditError::Closure(doc::DocError::NoCounter(_))
    ));
    assert_eq!(s.list_stock(None).unwrap()[0].qty, 7);
    assert!(s.load(&pid2).unwrap().is_none());
    assert_eq!(s.list_pickups(None, None).unwrap().len(), 1);
}

#[test]
fn the_list_row_says_whether_a_loaner_is_issued() {
    let (mut s, wo) = store_with_wo();
    let rows = |s: &Store| s.list_work_orders(&WoFilter::default()).unwrap();
    assert!(!rows(&s)[0].loaner_issued);
    s.edit(std::slice::from_ref(&wo), |docs| {
        let mut w = read_wo(&docs[0]);
        w.loaner = Some(crate::model::Loaner {
            model: "AAS".into(),
            serial: "L-1".into(),
            issued_at: at("2026-03-05T01:00:00Z"),
            returned_at: None,
        });
        doc::write(&mut docs[0], &w).map_err(|e| e.to_string())
    })
    .unwrap();
    assert!(rows(&s)[0].loaner_issued);
}

/// A file an older Onsite left: `fill` stores documents in a store on a
/// temporary file, whose schema is then rewound to version `version`. The
/// store that opens the file again (upgrading it), what `fill` returned,
/// and the directory keeping the file.
fn upgraded_from<T>(
    version: i64,
    fill: impl FnOnce(&mut Store) -> T,
) -> (Store, T, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let made = {
        let mut s = Store::open(&path).unwrap();
        let made = fill(&mut s);
        super::rewind::rewind(&s.conn, version);
        made
    };
    (Store::open(&path).unwrap(), made, dir)
}

#[test]
fn a_version_2_file_gets_the_loaner_column_filled_on_upgrade() {
    let (s, id, _dir) = upgraded_from(2, |s| {
        let (id, mut d) = wo_doc("1", Some("zhang"));
        let mut w = read_wo(&d);
        w.loaner = Some(crate::model::Loaner {
            model: "AAS".into(),
            serial: "L-1".into(),
            issued_at: at("2026-03-05T01:00:00Z"),
            returned_at: None,
        });
        doc::write(&mut d, &w).unwrap();
        s.create_doc_merging(&id, &mut d).unwrap();
        id
    });
    let v: i64 = s
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, DEVICE_MIGRATIONS.last().unwrap().version);
    let rows = s.list_work_orders(&WoFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert!(rows[0].loaner_issued, "rebuilt from the document");
}

/// Issue 14: a file from before the warehouse's confirmations gets each
/// pickup's confirmation state and each part's unit and retired flag on
/// upgrade, rebuilt from the documents.
#[test]
fn a_version_10_file_gets_the_confirmation_and_catalogue_columns_on_upgrade() {
    let (s, (), _dir) = upgraded_from(10, |s| {
        let (wo, mut d) = wo_doc("1", Some("zhang"));
        s.create_doc_merging(&wo, &mut d).unwrap();
        let part = PartBuilder::new("P-100").retired().create_in(s);
        let (pid, mut p) = pickup_doc("a", &wo, "P-100", 3);
        s.create_doc_merging(&pid, &mut p).unwrap();
        assert_eq!(part.as_str(), "part:P-100");
    });
    let pickups = s.list_pickups(None, None).unwrap();
    assert_eq!(
        (pickups[0].pickup_state, pickups[0].return_state),
        (ConfirmState::Awaiting, ConfirmState::None)
    );
    assert_eq!(s.awaiting_confirmation().unwrap().len(), 1);
    let stock = s.list_stock(None).unwrap();
    assert_eq!((stock[0].unit.as_str(), stock[0].retired), ("个", true));
}

/// Issue 13: a file from before the customer list gets its customers
/// listed and its orders linked to them when it is opened.
#[test]
fn a_version_6_file_gets_its_customers_listed_and_orders_linked_on_upgrade() {
    use crate::store::query::CustomerFilter;
    use crate::testing::{CustomerBuilder, WorkOrderBuilder};
    let (s, (cust, wo), _dir) = upgraded_from(6, |s| {
        let (cust, mut c) = CustomerBuilder::new("华东电力").legacy_doc();
        s.create_doc_merging(&cust, &mut c).unwrap();
        let (wo, mut d) = WorkOrderBuilder::new().customer_id(cust.clone()).doc();
        s.create_doc_merging(&wo, &mut d).unwrap();
        (cust, wo)
    });
    let rows = s.list_customer_rows(&CustomerFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].org.as_str(), rows[0].site_address.as_str()),
        ("华东电力", "重庆市渝北区")
    );
    let history = WoFilter {
        customer_id: Some(cust),
        ..Default::default()
    };
    assert_eq!(s.list_work_orders(&history).unwrap()[0].id, wo);
}

/// Issue 13: a file from before the order search finds its orders by
/// serial number once it is opened (the search text is rebuilt).
#[test]
fn a_version_9_file_finds_its_orders_by_serial_after_the_upgrade() {
    use crate::testing::WorkOrderBuilder;
    let (s, wo, _dir) = upgraded_from(9, |s| {
        let (wo, mut d) = WorkOrderBuilder::new().doc();
        s.create_doc_merging(&wo, &mut d).unwrap();
        wo
    });
    let by_serial = WoFilter {
        query: "sn-001".into(),
        ..Default::default()
    };
    assert_eq!(s.list_work_orders(&by_serial).unwrap()[0].id, wo);
}

#[test]
fn rebuild_reproduces_the_rows_after_they_are_corrupted_or_deleted() {
    let (mut s, wo) = store_with_wo();
    s.edit(std::slice::from_ref(&wo), respond).unwrap();
    let (part, mut pd) = part_doc("P-100", 10);
    s.create_doc_merging(&part, &mut pd).unwrap();
    let (pid, mut p) = pickup_doc("a", &wo, "P-100", 3);
    s.create_doc_merging(&pid, &mut p).unwrap();
    let lists = |s: &Store| {
        (
            s.list_work_orders(&WoFilter::default()).unwrap(),
            s.list_pickups(None, None).unwrap(),
            s.list_stock(None).unwrap(),
        )
    };
    let before = lists(&s);
    s.conn
        .execute_batch(
            "UPDATE wo_list SET status = 'closed', fix_due = 0, tampered = 1;
             DELETE FROM pickup_list;
             INSERT INTO stock_list VALUES ('part:ghost', 'G', 'ghost', 'main', 1, 0, 0, 0, '', 0);",
        )
        .unwrap();
    assert_ne!(lists(&s), before);
    s.rebuild_projections().unwrap();
    assert_eq!(lists(&s), before);
}

#[test]
fn clearing_the_dirty_set_keeps_an_edit_made_after_the_snapshot() {
    let (mut s, wo) = store_with_wo();
    let (other, mut d) = wo_doc("2", None);
    s.create_doc_merging(&other, &mut d).unwrap();
    let snap = s.dirty_snapshot().unwrap();
    assert_eq!(snap.len(), 2);
    // A sync is in flight; meanwhile the engineer edits wo:1.
    s.edit(std::slice::from_ref(&wo), respond).unwrap();
    s.clear_dirty(&snap).unwrap();
    let left = s.dirty_snapshot().unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, "wo:1");
    // Clearing the same snapshot again does not clear the newer edit.
    s.clear_dirty(&snap).unwrap();
    assert_eq!(s.dirty_count().unwrap(), 1);
    s.clear_dirty(&left).unwrap();
    assert_eq!(s.dirty_count().unwrap(), 0);
}

#[test]
fn remote_changes_are_applied_with_projection_and_sync_state_but_not_dirty() {
    use automerge::sync::SyncDoc;
    let (mut a, wo) = store_with_wo();
    a.edit(std::slice::from_ref(&wo), respond).unwrap();
    let mut b = Store::open_in_memory().unwrap();
    let mut a_doc = a.load(&wo).unwrap().unwrap();
    let mut a_state = automerge::sync::State::new();
    // Round trips until neither side has anything to say.
    for _ in 0..10 {
        let from_b = b
            .apply_remote(&wo, |doc, state| {
                Ok::<_, String>(doc.sync().generate_sync_message(state))
            })
            .unwrap();
        let Some(msg) = from_b else { break };
        a_doc
            .sync()
            .receive_sync_message(&mut a_state, msg)
            .unwrap();
        let Some(reply) = a_doc.sync().generate_sync_message(&mut a_state) else {
            break;
        };
        b.apply_remote(&wo, |doc, state| {
            doc.sync()
                .receive_sync_message(state, reply)
                .map_err(|e| e.to_string())
        })
        .unwrap();
    }
    assert_eq!(b.dirty_count().unwrap(), 0);
    let rows = b.list_work_orders(&WoFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, Status::Responded);
    assert_eq!(b.load(&wo).unwrap().unwrap().get_heads(), a_doc.get_heads());
    let stored: i64 = b
        .conn
        .query_row("SELECT count(*) FROM sync_state", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 1);
}

#[test]
fn a_remote_round_that_brings_nothing_does_not_store_an_empty_document() {
    let mut s = Store::open_in_memory().unwrap();
    let id = DocId::with_suffix(DocKind::WorkOrder, "far");
    s.apply_remote(&id, |_, _| Ok::<_, String>(())).unwrap();
    assert!(s.load(&id).unwrap().is_none());
    assert!(s.list_work_orders(&WoFilter::default()).unwrap().is_empty());
}

#[test]
fn a_fresh_file_is_migrated_and_keeps_its_actor_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.sqlite");
    let (actor, wo) = {
        let (id, mut d) = wo_doc("1", None);
        let mut s = Store::open(&path).unwrap();
        s.create_doc_merging(&id, &mut d).unwrap();
        (s.actor().clone(), id)
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.actor(), &actor);
    let v: i64 = s
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, DEVICE_MIGRATIONS.last().unwrap().version);
    assert_eq!(s.load(&wo).unwrap().unwrap().get_actor(), &actor);
}

#[test]
fn a_version_1_file_is_migrated_and_its_documents_projected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.sqlite");
    let (id, mut d) = wo_doc("old", Some("li"));
    {
        let mut conn = open_file(&path).unwrap();
        migrate(&mut conn, &[DOCS_MIGRATION]).unwrap();
        let tx = conn.transaction().unwrap();
        docs::save(&tx, id.as_str(), "wo", &mut d).unwrap();
        tx.commit().unwrap();
    }
    let s = Store::open(&path).unwrap();
    let rows = s.list_work_orders(&WoFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert_eq!(rows[0].assignee.as_deref(), Some("li"));
}

#[test]
fn an_edit_after_a_torn_chunk_is_saved_and_loads_back() {
    let (mut s, wo) = store_with_wo();
    s.edit(std::slice::from_ref(&wo), respond).unwrap();
    s.edit(std::slice::from_ref(&wo), |d| {
        let mut w = read_wo(&d[0]);
        w.fault = "torn".into();
        doc::write(&mut d[0], &w)
    })
    .unwrap();
    s.conn
        .execute(
            "UPDATE chunks SET data = substr(data, 1, length(data) / 2) WHERE seq = (SELECT max(seq) FROM chunks)",
            [],
        )
        .unwrap();
    assert_eq!(s.load_checked(&wo).unwrap().unwrap().skipped_chunks, 1);
    s.edit(std::slice::from_ref(&wo), |d| {
        let mut w = read_wo(&d[0]);
        w.priority = crate::model::Priority::P3;
        doc::write(&mut d[0], &w)
    })
    .unwrap();
    let back = read_wo(&s.load(&wo).unwrap().unwrap());
    assert_eq!(back.priority, crate::model::Priority::P3);
    assert_eq!(back.status, Status::Responded);
}

/// The changes of every document `dev` holds that are not in `seen`: each
/// must be the device's own (its store's actor, at its clock's now in Unix
/// ms); they are added to `seen`. Returns how many there were.
fn new_changes_are_the_devices(
    dev: &crate::service::Device,
    seen: &mut std::collections::HashSet<ChangeHash>,
    what: &str,
) -> usize {
    let now_ms = dev.now().timestamp_millis();
    let mut n = 0;
    for kind in DocKind::ALL {
        for id in dev.store.doc_ids(kind).unwrap() {
            let mut d = dev.store.load(&id).unwrap().unwrap();
            for c in d.get_changes_meta(&[]) {
                if !seen.insert(c.hash) {
                    continue;
                }
                n += 1;
                assert_eq!(c.actor.as_ref(), dev.store.actor(), "{what}: {id} actor");
                assert_eq!(c.timestamp, now_ms, "{what}: {id} time");
            }
        }
    }
    n
}

/// The service actions of a test, one after the other on devices sharing
/// `clock`: the changes seen so far.
struct Steps {
    clock: Arc<crate::clock::FixedClock>,
    seen: std::collections::HashSet<ChangeHash>,
}

impl Steps {
    /// Runs `act` on `dev` as the step `what`: it succeeds and writes, and
    /// every change it writes is the device's own
    /// ([`new_changes_are_the_devices`]); then the clock moves on 61.001 s.
    /// What `act` returned.
    fn run<T>(
        &mut self,
        dev: &mut crate::service::Device,
        what: &str,
        act: impl FnOnce(&mut crate::service::Device) -> Result<T, crate::service::ApiError>,
    ) -> T {
        let out = act(dev).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        let n = new_changes_are_the_devices(dev, &mut self.seen, what);
        assert!(n > 0, "{what} wrote nothing");
        self.clock.advance(chrono::Duration::milliseconds(61_001));
        out
    }
}

#[test]
fn every_service_action_writes_under_the_device_actor_at_its_clock_in_ms() {
    use crate::contracts::ContractEdit;
    use crate::ops::{Actor, ServicePatch};
    use crate::rules::state::{Action, Role};
    use crate::testing::{
        complaint_form, contact_phone_edit, day, instant, new_part, satisfied_sign_input,
        ContractBuilder, CustomerBuilder, TempDevice, WorkOrderBuilder,
    };
    use crate::warehouse::PartEdit;

    let clock = Arc::new(crate::clock::FixedClock::new(instant(
        "2026-03-02T10:00:00+08:00",
    )));
    let mut office = TempDevice::with_clock(Actor::new("office", Role::Office), clock.clone());
    let mut steps = Steps {
        clock: clock.clone(),
        seen: Default::default(),
    };

    let customer = CustomerBuilder::new("华东电力")
        .equipment("SN-1", "GC-2030", Some(day("2025-01-10")))
        .input();
    let made = steps.run(&mut office, "create a customer", |d| {
        d.create_customer(customer)
    });
    let cust = made.customer.id;
    steps.run(&mut office, "edit a customer", |d| {
        let edit = contact_phone_edit(d, &cust, "13900000000");
        d.edit_customer(&cust, edit)
    });
    let contract = ContractBuilder::new(&cust, &["SN-1"])
        .running(day("2026-01-15"), day("2026-12-31"))
        .input();
    let made = steps.run(&mut office, "create a contract", |d| {
        d.create_contract(contract)
    });
    let k = made.contract.id;
    let renumber = ContractEdit {
        number: Some("K-2026-9".into()),
        ..Default::default()
    };
    steps.run(&mut office, "edit a contract", |d| {
        d.edit_contract(&k, renumber)
    });
    let input = WorkOrderBuilder::new()
        .customer_id(cust.clone())
        .reported_at(instant("2026-03-02T09:50:00+08:00"))
        .input();
    let made = steps.run(&mut office, "create an order", |d| {
        d.create_work_order(input)
    });
    let wo = made.wo.id;
    steps.run(&mut office, "assign it", |d| d.assign(&wo, "zhang"));
    steps.run(&mut office, "set its charge", |d| {
        d.set_charge_override(&wo, 12_000, "合同价")
    });
    let made = steps.run(&mut office, "add a part", |d| {
        d.add_part(new_part("PS-100"))
    });
    let part = made.part.id;
    let rename = PartEdit {
        name: Some("开关电源模块（改）".into()),
        ..Default::default()
    };
    steps.run(&mut office, "edit a part", |d| d.edit_part(&part, rename));
    steps.run(&mut office, "receive goods", |d| {
        d.receive_goods(&part, "main", 5, "")
    });
    steps.run(&mut office, "create a complaint", |d| {
        d.create_complaint(complaint_form(Some(&cust), "外壳开裂"))
    });

    // The engineer's device, holding the order and the part as a sync
    // brought them.
    let mut eng = TempDevice::with_clock(Actor::new("zhang", Role::Engineer), clock.clone());
    eng.receive_from(&office, &[&wo, &part]);
    // (Their changes, the office's, are seen already.)
    for action in [Action::Respond, Action::Depart, Action::Arrive] {
        steps.run(&mut eng, &format!("{action:?}"), |d| d.act(&wo, action));
    }
    steps.run(&mut eng, "pick a part", |d| {
        d.pickup_parts(&wo, &part, 1, vec![], None)
    });
    let pickup = eng.store.doc_ids(DocKind::Pickup).unwrap()[0].clone();
    steps.run(&mut eng, "mark it used", |d| d.mark_part(&pickup, 1, 0));
    let work = ServicePatch {
        work_done: Some("更换电源模块".into()),
        labour_minutes: Some(90),
        ..Default::default()
    };
    steps.run(&mut eng, "the work done", |d| d.update_service(&wo, work));
    steps.run(&mut eng, "resolve", |d| d.act(&wo, Action::Resolve));
    steps.run(&mut eng, "sign", |d| d.sign(&wo, satisfied_sign_input()));
}

#[test]
fn a_local_edit_under_another_actor_or_at_time_zero_is_refused_in_tests() {
    let (mut s, id) = store_with_wo();
    let heads = s.load(&id).unwrap().unwrap().get_heads();
    // Under another actor: an edit that kept a foreign document's actor.
    let err = s
        .edit(std::slice::from_ref(&id), |docs| {
            docs[0].set_actor(ActorId::random());
            respond(docs)
        })
        .unwrap_err();
    assert!(
        matches!(err, EditError::Store(StoreError::Unattributed { .. })),
        "{err:?}"
    );
    // At time 0: an implicit commit (heads read with the edit open).
    let err = s
        .edit(std::slice::from_ref(&id), |docs| {
            respond(docs)?;
            let _ = docs[0].get_heads();
            Ok::<_, String>(())
        })
        .unwrap_err();
    assert!(
        matches!(
            err,
            EditError::Store(StoreError::Unattributed { time: 0, .. })
        ),
        "{err:?}"
    );
    assert_eq!(
        s.load(&id).unwrap().unwrap().get_heads(),
        heads,
        "nothing saved"
    );
    // The same edit, committed by the store: under its actor at its time.
    s.edit(std::slice::from_ref(&id), respond).unwrap();
    let mut d = s.load(&id).unwrap().unwrap();
    let last = d.get_changes_meta(&[]).pop().unwrap().into_owned();
    assert_eq!(last.actor.as_ref(), s.actor());
    assert!(last.timestamp > 1_000_000_000_000, "ms: {}", last.timestamp);
}

#[test]
fn the_actor_rotates_to_a_new_one_kept_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut s = Store::open(&path).unwrap();
    let old = s.actor().clone();
    assert_eq!(s.actor_hex(), old.to_hex_string());
    let new = s.rotate_actor().unwrap();
    assert_ne!(new, old);
    assert_eq!(s.actor(), &new);
    drop(s);
    assert_eq!(Store::open(&path).unwrap().actor(), &new);
}
