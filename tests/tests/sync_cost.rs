//! What a sync costs: a sync where nothing changed is one round trip whose
//! request and response are the same size at 100 and at 5,000 documents,
//! and a sync of k changed documents moves bytes in proportion to k, not to
//! the documents held.

use onsite_core::doc;
use onsite_core::model::{DocId, MAIN_WAREHOUSE};
use onsite_core::rules::state::Role;
use onsite_core::sync::client::SyncOutcome;
use onsite_tests::{TestDevice, TestServer};

struct Fixture {
    server: TestServer,
    device: TestDevice,
    parts: Vec<DocId>,
    first: SyncOutcome,
}

/// A server holding `n` parts and an office device that synced them all.
async fn fixture(n: usize) -> Fixture {
    let server = TestServer::start().await;
    let t = std::time::Instant::now();
    let parts = server.seed_parts(n);
    println!("seeded {n} in {:?}", t.elapsed());
    let device = server.device("office", Role::Office);
    let t = std::time::Instant::now();
    let first = device.sync().await;
    println!("first sync of {n} in {:?}: {first:?}", t.elapsed());
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!(first.docs_received, n);
    assert_eq!(
        device.doc_ids().len(),
        n,
        "the device synced every document for real"
    );
    Fixture {
        server,
        device,
        parts,
        first,
    }
}

/// The device takes `qty` of each part in `ids` (one local edit each).
fn take_stock(device: &TestDevice, ids: &[DocId], qty: i64) {
    device.with_store(|s| {
        for id in ids {
            s.edit(std::slice::from_ref(id), |docs| {
                doc::adjust_stock(&mut docs[0], MAIN_WAREHOUSE, -qty).map_err(|e| e.to_string())
            })
            .unwrap();
        }
    });
}

fn total(o: &SyncOutcome) -> u64 {
    o.bytes_sent + o.bytes_received
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_with_no_change_costs_the_same_at_100_and_5000_documents() {
    let small = fixture(100).await;
    let large = fixture(5_000).await;
    let quiet_small = small.device.sync().await;
    let quiet_large = large.device.sync().await;
    for q in [&quiet_small, &quiet_large] {
        assert_eq!(q.round_trips, 1, "{q:?}");
        assert_eq!(q.docs_received, 0);
        assert!(q.errors.is_empty());
    }
    assert_eq!(quiet_small.bytes_sent, quiet_large.bytes_sent);
    assert_eq!(quiet_small.bytes_received, quiet_large.bytes_received);
    assert!(total(&quiet_large) < 100, "{quiet_large:?}");
    small.server.stop().await;
    large.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_of_k_changed_documents_costs_in_proportion_to_k() {
    let f = fixture(5_000).await;

    // Local changes going up.
    take_stock(&f.device, &f.parts[..1], 1);
    let one_up = f.device.sync().await;
    take_stock(&f.device, &f.parts[100..110], 1);
    let ten_up = f.device.sync().await;

    // Changes made elsewhere coming down.
    f.server.edit(&f.parts[2000], |d| {
        doc::adjust_stock(d, MAIN_WAREHOUSE, 5).unwrap()
    });
    let one_down = f.device.sync().await;
    for p in &f.parts[3000..3010] {
        f.server
            .edit(p, |d| doc::adjust_stock(d, MAIN_WAREHOUSE, 5).unwrap());
    }
    let ten_down = f.device.sync().await;

    for (one, ten, way) in [(&one_up, &ten_up, "up"), (&one_down, &ten_down, "down")] {
        assert!(one.errors.is_empty() && ten.errors.is_empty());
        let (b1, b10) = (total(one), total(ten));
        println!(
            "{way}: 1 doc {b1} B in {} trips, 10 docs {b10} B in {} trips, first sync {} B",
            one.round_trips,
            ten.round_trips,
            total(&f.first)
        );
        assert!(b10 < 10 * b1, "{way}: 10 docs cost {b10} B, 1 doc {b1} B");
        assert!(b10 > 3 * b1, "{way}: cost grows with the changed documents");
        assert!(
            b10 * 50 < total(&f.first),
            "{way}: {b10} B vs a full sync of {} B",
            total(&f.first)
        );
        assert!(
            ten.round_trips <= 3,
            "{way}: {} round trips",
            ten.round_trips
        );
    }
    assert_eq!(ten_down.docs_received, 10);
    for p in &f.parts[3000..3010] {
        assert_eq!(f.device.heads(p.as_str()), f.server.heads(p.as_str()));
    }
    for p in &f.parts[100..110] {
        assert_eq!(f.device.heads(p.as_str()), f.server.heads(p.as_str()));
    }
    f.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_elsewhere_reaches_a_device_in_two_round_trips() {
    let f = fixture(100).await;
    f.server.edit(&f.parts[5], |d| {
        doc::adjust_stock(d, MAIN_WAREHOUSE, 5).unwrap()
    });
    let down = f.device.sync().await;
    assert!(down.errors.is_empty(), "{down:?}");
    assert_eq!(down.docs_changed, 1);
    // The server's first message carries the change (the device holds the
    // heads it last shared); the device's answer confirms it.
    assert_eq!(down.round_trips, 2, "{down:?}");
    assert_eq!(
        f.device.heads(f.parts[5].as_str()),
        f.server.heads(f.parts[5].as_str())
    );
    f.server.stop().await;
}

/// The first message for a document the device shares sends the changes
/// after the heads it last shared. A device holding less than that (its
/// store put back to an older copy) must still end up with every change:
/// the changes wait for their dependencies there, and its answer asks the
/// server to start that document's exchange over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_holding_less_than_it_last_shared_still_gets_every_change() {
    let f = fixture(100).await;
    let part = &f.parts[7];
    let before = f.device.heads(part.as_str());
    // A change the device never receives, though the server's record says
    // the device holds it (as after the device acknowledged it and then
    // went back to an older copy of its store).
    f.server
        .edit(part, |d| doc::adjust_stock(d, MAIN_WAREHOUSE, 5).unwrap());
    let lost = automerge::sync::State {
        shared_heads: f.server.heads(part.as_str()).unwrap(),
        ..automerge::sync::State::new()
    };
    f.server
        .store()
        .put_sync_states(f.device.device_id(), &[(part.to_string(), lost.encode())])
        .unwrap();
    f.server
        .edit(part, |d| doc::adjust_stock(d, MAIN_WAREHOUSE, 2).unwrap());

    let down = f.device.sync().await;
    assert!(down.errors.is_empty(), "{down:?}");
    assert_ne!(f.device.heads(part.as_str()), before);
    assert_eq!(
        f.device.heads(part.as_str()),
        f.server.heads(part.as_str()),
        "the device holds both changes"
    );
    let stock = f.device.with(|d| {
        d.store
            .load(part)
            .unwrap()
            .map(|doc| doc::read_stock(&doc)[MAIN_WAREHOUSE])
    });
    assert_eq!(stock, Some(17), "10 in stock, 5 and 2 added");
    f.server.stop().await;
}
