//! A new device's first sync cut off halfway (the network drops, the app
//! is killed) goes on where it stopped: what the completed batches brought
//! is on the device, and the next sync does not fetch it again.
//!
//! The server holds 300 work orders and sends 25 per response; the new
//! office device's network fails after a few round trips. A client that
//! restarted from zero would be sent a message for every one of the 300
//! orders again.

use std::sync::atomic::{AtomicU32, Ordering};

use onsite_core::model::DocKind;
use onsite_core::rules::state::Role;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncError, Transport};
use onsite_sync_server::Limits;
use onsite_tests::{ExchangeHook, Hooked, TestDevice, TestServer};

const ORDERS: usize = 300;
const BATCH: usize = 25;

/// The device's network: the real HTTP transport, dropping every sync
/// round trip after the first `ok` ones.
struct CutAfter {
    ok: u32,
    done: AtomicU32,
}

impl ExchangeHook for CutAfter {
    async fn exchange(&self, inner: &HttpTransport, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        if self.done.fetch_add(1, Ordering::SeqCst) >= self.ok {
            return Err(SyncError::Offline("the network dropped (test)".into()));
        }
        inner.exchange(body).await
    }
}

fn orders_held(device: &TestDevice) -> usize {
    device.with_store(|s| s.doc_ids(DocKind::WorkOrder).expect("ids").len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_cut_off_halfway_goes_on_where_it_stopped() {
    let server = TestServer::options()
        .limits(Limits {
            batch_docs: BATCH,
            ..Limits::default()
        })
        .start()
        .await;
    let office = server.device("office", Role::Office);
    office.create_orders(ORDERS, "甲公司", None);
    let pushed = office.sync().await;
    assert!(pushed.errors.is_empty(), "{:?}", pushed.errors);

    // The new device: its network drops after 5 round trips.
    let fresh = server.device("office2", Role::Office);
    let cut = Hooked::new(
        fresh.transport.clone(),
        CutAfter {
            ok: 5,
            done: AtomicU32::new(0),
        },
    );
    let err = sync_once(&fresh.device, &cut)
        .await
        .expect_err("the network dropped");
    assert!(err.is_offline(), "{err}");
    let kept = orders_held(&fresh);
    assert!(
        (4 * BATCH..ORDERS).contains(&kept),
        "the completed batches are stored: {kept} orders"
    );

    // The network is back: the sync goes on from the last batch stored.
    let rest = fresh.sync().await;
    assert!(rest.errors.is_empty(), "{:?}", rest.errors);
    assert_eq!(orders_held(&fresh), ORDERS, "every order on the device");
    assert!(
        rest.docs_received <= ORDERS - kept,
        "the second sync fetched only what the first did not store: {} documents received, {} were kept",
        rest.docs_received,
        kept
    );
    // A sync from zero would bring a message for each of the 300 orders.
    assert!(rest.docs_received < ORDERS - 3 * BATCH, "{rest:?}");
    // And the next sync finds nothing left to do.
    let again = fresh.sync().await;
    assert_eq!(again.docs_received, 0, "{again:?}");
    assert_eq!(again.round_trips, 1, "{again:?}");
    server.stop().await;
}
