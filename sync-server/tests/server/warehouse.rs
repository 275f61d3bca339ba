//! The parts warehouse across devices (issue 14): an engineer picking
//! parts and the storekeeper receiving goods, each offline, end with the
//! same counts and both movements listed once synced through the server;
//! the storekeeper's confirmation reaches the engineer.

use onsite_core::model::{DocId, DocKind};
use onsite_core::testing::new_part;
use onsite_core::warehouse::{ConfirmState, MoveKind};
use onsite_test_support::device::new_order;

use super::*;

#[tokio::test]
async fn an_offline_pickup_and_an_offline_receipt_converge_with_both_moves_listed() {
    let (s, [office, keeper, yang]) = server_and([
        ("office", Role::Office),
        ("kuguan", Role::Storekeeper),
        (YANG, Role::Engineer),
    ])
    .await;
    let wo = office.create_order(new_order("华东电力"), Some(YANG));
    office.sync().await;
    let part = keeper
        .with(|d| d.add_part(new_part("PS-100")))
        .unwrap()
        .part
        .id;
    keeper
        .with(|d| d.receive_goods(&part, "main", 5, "期初"))
        .unwrap();
    keeper.sync().await;
    yang.sync().await;

    // Both offline: Yang picks two from the main store for his order, the
    // storekeeper receives ten into it.
    let picked = yang
        .with(|d| d.pickup_parts(&wo, &part, 2, vec![], Some("main".into())))
        .unwrap();
    let pickup = picked.pickups[0].pickup_id.clone();
    keeper
        .with(|d| d.receive_goods(&part, "main", 10, "送货单 A-17"))
        .unwrap();

    yang.sync().await;
    keeper.sync().await;
    yang.sync().await;

    for (who, dev) in [("yang", &yang), ("keeper", &keeper)] {
        let v = dev.with(|d| d.part_view(&part)).unwrap();
        assert_eq!(v.stock[0].qty, 13, "{who}: 5 − 2 + 10");
        let mut kinds: Vec<(MoveKind, i64)> = v.moves.iter().map(|m| (m.kind, m.qty)).collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                (MoveKind::Received, 5),
                (MoveKind::Received, 10),
                (MoveKind::Pickup, -2)
            ],
            "{who}: every movement listed once"
        );
        let pick = v.moves.iter().find(|m| m.kind == MoveKind::Pickup).unwrap();
        assert_eq!(
            (pick.by.as_str(), pick.pickup_id.as_ref()),
            (YANG, Some(&pickup))
        );
    }

    // The storekeeper sees the pickup waiting, confirms it, and Yang sees
    // it confirmed.
    let waiting = keeper.with(|d| d.awaiting_confirmation()).unwrap();
    let ids: Vec<&DocId> = waiting.iter().map(|p| &p.id).collect();
    assert_eq!(ids, [&pickup]);
    keeper.with(|d| d.confirm_pickup(&pickup, 2)).unwrap();
    keeper.sync().await;
    yang.sync().await;
    let line = &yang.with(|d| d.get_work_order(&wo)).unwrap().pickups[0];
    assert_eq!(line.pickup_state, ConfirmState::Confirmed);
    assert_eq!(
        yang.with(|d| d.confirm_pickup(&pickup, 2))
            .unwrap_err()
            .code,
        "forbidden"
    );
    assert_eq!(pickup.kind(), DocKind::Pickup);
    s.stop().await;
}
