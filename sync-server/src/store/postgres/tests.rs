//! Tests of what only the PostgreSQL store has: reconnecting,
//! `new_epoch`, and two instances committing at once while a reader
//! follows the change sequence (`concurrency`). The behaviours both engines
//! share are written once in `store/tests.rs` and run on each.
//!
//! Without `ONSITE_TEST_DATABASE` these tests print `SKIPPED` and pass,
//! unless `ONSITE_REQUIRE_POSTGRES=1`.

use super::PgStore;
use crate::store::tests::pg;
use crate::store::ServerStore;

#[test]
fn the_server_actor_and_the_epoch_are_kept_across_reconnects_until_new_epoch() {
    let Some((s, url, schema)) = pg() else { return };
    let again = PgStore::connect(&url, Some(&schema)).unwrap();
    assert_eq!(s.server_actor().unwrap(), again.server_actor().unwrap());
    assert_eq!(s.epoch().unwrap(), again.epoch().unwrap());
    assert_ne!(s.epoch().unwrap(), [0; 8]);
    let old = s.epoch().unwrap();
    let new = s.new_epoch().unwrap();
    assert_ne!(new, old);
    assert_eq!(s.epoch().unwrap(), new);
    drop(again);
    let third = PgStore::connect(&url, Some(&schema)).unwrap();
    assert_eq!(third.epoch().unwrap(), new, "the new epoch is stored");
    assert_eq!(third.server_actor().unwrap(), s.server_actor().unwrap());
}

#[tokio::test]
async fn the_store_connects_and_drops_inside_an_async_test() {
    let Some((s, _, _)) = pg() else { return };
    assert_eq!(s.max_seq().unwrap(), 0);
    drop(s);
}

mod concurrency;
