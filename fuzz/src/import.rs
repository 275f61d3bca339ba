//! Target `import`: the bytes of an exported `.onsite` file (a saved
//! Automerge document), imported twice — by the server
//! ([`onsite_sync_server::import::import`], `POST /v1/import`, as the
//! office, into the [`world`](crate::world)) and by the office's own device
//! ([`Device::import_signed_file`], which holds the world's signed order).
//!
//! Invariants beyond "no panic": a refused file changes nothing (the whole
//! server store as in [`Snapshot`]; every document on the device) and is
//! refused as bad input (a 4xx; a device error code other than `store` or
//! `internal`), with a message; an imported file leaves its work order
//! stored and changes no other document. The one documented exception: a
//! record changed after signing is refused (`changed_after_signing`) but
//! stored and flagged for the office — then only that record and a flag
//! are new.

use std::cell::RefCell;
use std::sync::Arc;

use automerge::ChangeHash;
use onsite_core::clock::FixedClock;
use onsite_core::model::{DocId, DocKind};
use onsite_core::ops::Actor;
use onsite_core::rules::state::Role;
use onsite_core::rules::RulesConfig;
use onsite_core::service::{Device, ErrorCode};
use onsite_core::store::Store;
use onsite_core::sync::protocol::codes;
use onsite_core::testing;

use crate::world::{self, Snapshot, Who, World};

/// The world's signed work order, which the device holds.
pub const SIGNED: &str = "wo:signed";

/// The harness.
pub fn run(data: &[u8]) {
    server(data);
    device(data);
}

fn server(data: &[u8]) {
    world::with_world(|world| server_imports(world, data));
}

fn server_imports(world: &World, data: &[u8]) {
    // The file's changes, as the engineer's device registered them (the
    // office relays the assignee's changes).
    let id = onsite_sync_server::sync::guarded(|| automerge::AutoCommit::load(data))
        .ok()
        .and_then(Result::ok)
        .and_then(|d| onsite_sync_server::access::text_at(&d, "id"))
        .unwrap_or_else(|| SIGNED.to_string());
    world.register_actors(Who::Engineer, &id, std::iter::once(data));
    let before = world.snapshot(&[]);
    match onsite_sync_server::import::import(&world.ctx(Who::Office), data) {
        Err(e) if e.body.code == codes::CHANGED_AFTER_SIGNING => {
            // Stored and flagged for the office, not filed (as documented).
            let after = world.snapshot(&[]);
            let flagged = after.flags.iter().find(|f| !before.flags.contains(f));
            let flagged = flagged.expect("a record changed after signing is flagged");
            only_changed(&before, &after, &flagged.doc_id);
        }
        Err(e) => {
            assert!(
                e.status.is_client_error(),
                "a bad file is bad input, not a server failure: {e:?}"
            );
            assert!(!e.body.message.trim().is_empty(), "a refusal says why");
            let changed = before.changes(&world.snapshot(&[]));
            assert!(
                changed.is_empty(),
                "the import was refused ({}: {}) yet the store changed: {changed:?}",
                e.body.code,
                e.body.message
            );
        }
        Ok(imported) => {
            let after = world.snapshot(&[]);
            assert!(
                after.head(&imported.id).is_some(),
                "{} was imported but is not stored",
                imported.id
            );
            only_changed(&before, &after, &imported.id);
            chrono::DateTime::parse_from_rfc3339(&imported.filed_at)
                .unwrap_or_else(|e| panic!("filed_at {:?}: {e}", imported.filed_at));
        }
    }
}

/// No document but `id` changed.
fn only_changed(before: &Snapshot, after: &Snapshot, id: &str) {
    before.assert_only_changed(after, id, &format!("importing {id}"));
}

/// The office's device in memory, holding the world's signed order.
fn office_device() -> Device {
    let clock = Arc::new(FixedClock::new(testing::instant("2026-03-03T02:00:00Z")));
    let store = Store::open_in_memory().expect("an in-memory device store");
    let office = Actor::new(world::OFFICE, Role::Office);
    let mut device =
        Device::new(store, clock, RulesConfig::default(), office).expect("an office device");
    let id: DocId = SIGNED.parse().expect("an id");
    let mut doc = world::document(SIGNED);
    device
        .store
        .create_doc_merging(&id, &mut doc)
        .expect("the signed order is stored");
    device
}

/// Every document on the device with its heads.
fn device_docs(device: &Device) -> DeviceDocs {
    let mut out = Vec::new();
    for kind in DocKind::ALL {
        for id in device.store.doc_ids(kind).expect("doc ids") {
            let heads = device
                .store
                .load(&id)
                .expect("load")
                .expect("a listed document loads")
                .get_heads();
            out.push((id, heads));
        }
    }
    out
}

/// Every document on a device with its heads.
type DeviceDocs = Vec<(DocId, Vec<ChangeHash>)>;

thread_local! {
    static DEVICE: RefCell<Option<(Device, DeviceDocs)>> = const { RefCell::new(None) };
}

/// Runs the device side on the office's device as [`office_device`] makes
/// it: the one the previous input used when that left its documents as
/// made (a refused import rolls back); an input that changed it makes the
/// next one (as [`world::with_world`] does).
fn device(data: &[u8]) {
    let fresh = || {
        let device = office_device();
        let made = device_docs(&device);
        (device, made)
    };
    let (mut device, made) = DEVICE.with(|d| d.borrow_mut().take()).unwrap_or_else(fresh);
    device_imports(&mut device, &made, data);
    let next = if device_docs(&device) == made {
        (device, made)
    } else {
        drop(device);
        fresh()
    };
    DEVICE.with(|d| *d.borrow_mut() = Some(next));
}

/// Makes the world and the device before the first input.
pub fn warm() {
    world::with_world(|_| ());
    device(&[]);
}

fn device_imports(device: &mut Device, before: &[(DocId, Vec<ChangeHash>)], data: &[u8]) {
    match device.import_signed_file("fuzz.onsite", data) {
        Err(e) => {
            assert!(
                ![ErrorCode::Store, ErrorCode::Internal].contains(&e.code),
                "a bad file is bad input, not a device failure: {e:?}"
            );
            assert!(!e.message.trim().is_empty(), "a refusal says why");
            assert_eq!(
                before,
                device_docs(device),
                "the import was refused ({e:?}) yet the device's documents changed"
            );
        }
        Ok(view) => {
            let after = device_docs(device);
            assert!(
                after.iter().any(|(id, _)| *id == view.wo.id),
                "{} was imported but is not stored",
                view.wo.id
            );
            for (id, heads) in before {
                if *id != view.wo.id {
                    assert!(
                        after.contains(&(id.clone(), heads.clone())),
                        "importing changed {id}"
                    );
                }
            }
        }
    }
}
