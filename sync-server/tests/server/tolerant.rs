//! Tolerant reading on the server: a signed order another client wrote
//! without its optional keys (`loaner`, `filing`, `tamper_flag`,
//! `charge_override`, empty lists …) is filed, by sync and by import.

use onsite_core::testing::strip_optional_keys;

use super::*;

/// A signed order of yangjinwei's with every optional key left out.
fn a_sparse_signed_order() -> (DocId, AutoCommit) {
    let (id, mut am) = WorkOrderBuilder::new().assigned_to(YANG).signed().doc();
    let deleted = strip_optional_keys(&mut am);
    for key in ["loaner", "filing", "tamper_flag", "charge_override"] {
        assert!(deleted.iter().any(|d| d == key), "{key}: {deleted:?}");
    }
    (id, am)
}

#[tokio::test]
async fn a_signed_order_without_optional_keys_is_filed_by_sync() {
    let (s, mut office, mut yang) = office_and_yang().await;
    let (id, am) = a_sparse_signed_order();
    s.adopt(&mut office, &id, am);
    let r = office.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);

    let stored = s.work_order(id.as_str());
    assert_eq!(stored.status, Status::Filed, "no longer stuck at signed");
    let receipt = stored.filing.expect("a filing receipt");
    // Brought by the office's device for yangjinwei: filed as an import.
    assert_eq!(
        (receipt.via.as_str(), receipt.received_at.0),
        ("import", t0())
    );
    assert!(stored.tamper_flag.is_none());
    assert_eq!(s.store().receipts().unwrap().len(), 1);

    yang.sync().await;
    assert_eq!(yang.wo(id.as_str()).unwrap().status, Status::Filed);
    s.stop().await;
}

#[tokio::test]
async fn a_signed_order_without_optional_keys_is_filed_by_import() {
    // The server holds the order; the engineer's client signs it offline
    // and leaves the optional keys out.
    let (s, office, mut yang, wo) = yang_signs_an_order().await;
    let id = wo.id.clone();
    yang.edit_raw(id.as_str(), |d| {
        strip_optional_keys(d);
    });
    let (status, body) = s
        .post("/v1/import", Some(&office.token), yang.save(id.as_str()))
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v = json(&body);
    assert_eq!(
        (v["id"].as_str(), v["via"].as_str()),
        (Some(id.as_str()), Some("import"))
    );
    let stored = s.work_order(id.as_str());
    assert_eq!(stored.status, Status::Filed);
    assert_eq!(stored.filing.unwrap().via, "import");
    s.stop().await;
}
