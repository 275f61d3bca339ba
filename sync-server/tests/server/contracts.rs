//! Maintenance contracts across devices (issue 15): two office desks that
//! both generate the planned visits while offline end, once synced through
//! the server, with exactly one order per contract and period; the engineer
//! assigned to it ticks its checklist.

use chrono::{Duration, Utc};
use onsite_core::contracts::CHECKLIST;
use onsite_core::model::OrderKind;
use onsite_core::service::WoFilter;
use onsite_core::testing::ContractBuilder;
use onsite_test_support::TestDevice;

use super::*;

/// The planned orders a device lists.
fn planned(dev: &TestDevice) -> Vec<WorkOrder> {
    dev.with(|d| {
        d.list_work_orders(WoFilter::default())
            .unwrap()
            .into_iter()
            .map(|i| d.get_work_order(&i.row.id).unwrap().wo)
            .filter(|wo| wo.order_kind == OrderKind::Maintenance)
            .collect()
    })
}

#[tokio::test]
async fn two_office_desks_planning_offline_end_with_one_order_per_contract_and_period() {
    let (s, [desk1, desk2, yang]) = server_and(TWO_DESKS_AND_YANG).await;
    let today = Utc::now().date_naive();
    let contract = desk1.with(|d| {
        let cust = d
            .create_customer(
                CustomerBuilder::new("华东电力")
                    .equipment("SN-PM-1", "GC-2030", None)
                    .input(),
            )
            .unwrap()
            .customer
            .id;
        let input = ContractBuilder::new(&cust, &["SN-PM-1"])
            .running(today - Duration::days(10), today + Duration::days(365))
            .input();
        d.create_contract(input).unwrap().contract.id
    });
    desk1.sync().await;
    desk2.sync().await;

    // Both desks plan while offline, then sync.
    let made1 = desk1.with(|d| d.plan_visits().unwrap().created);
    let made2 = desk2.with(|d| d.plan_visits().unwrap().created);
    assert_eq!(made1.len(), 1, "the period running since ten days ago");
    assert_eq!(made1, made2, "the same derived id on both desks");
    let r1 = desk1.sync().await;
    let r2 = desk2.sync().await;
    desk1.sync().await;
    assert!(
        r1.errors.is_empty() && r2.errors.is_empty(),
        "{:?} {:?}",
        r1.errors,
        r2.errors
    );

    let stored: Vec<String> = s
        .store()
        .doc_list(Some(DocKind::WorkOrder))
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(stored, [made1[0].as_str()], "one order on the server");
    let mut held = s.load(made1[0].as_str()).unwrap();
    assert_eq!(
        held.get_changes(&[]).len(),
        1,
        "both desks made the very same creation change"
    );
    for desk in [&desk1, &desk2] {
        let orders = planned(desk);
        assert_eq!(orders.len(), 1, "one order on each desk");
        assert_eq!(orders[0].contract_id.as_ref(), Some(&contract));
        assert_eq!(orders[0].checklist.len(), CHECKLIST.len());
        assert!(desk.with(|d| d.plan_visits().unwrap().created.is_empty()));
    }

    // The office assigns it; Yang ticks an item on site; the desk sees it.
    let id = made1[0].clone();
    desk2.with(|d| d.assign(&id, YANG).unwrap());
    desk2.sync().await;
    yang.sync().await;
    let ticked = yang.with(|d| d.tick_check_item(&id, 0, true)).unwrap();
    assert!(ticked.wo.checklist[0].done);
    assert!(
        ticked.charges.under_contract,
        "the contract reached his device: its terms price the visit"
    );
    let r = yang.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    desk1.sync().await;
    let seen = planned(&desk1);
    assert_eq!(seen[0].assignee.as_deref(), Some(YANG));
    assert!(seen[0].checklist[0].done);
    s.stop().await;
}
