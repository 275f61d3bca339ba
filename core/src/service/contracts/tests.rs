//! Maintenance contracts through the facade against a real SQLite store:
//! the checks naming the field, the states, contract calls (marked, listed
//! first, charged by the contract's terms up to the signed record), the
//! planned visits (derived ids, idempotent, one order per period when two
//! office devices plan offline and meet), an earlier end cancelling the
//! planned orders it leaves outside, and the checklist ticked on site.

use crate::contracts::{ContractEdit, ContractState, CHECKLIST};
use crate::model::{Contract, Day, DocId, DocKind, OrderKind, Priority, WorkOrder};
use crate::ops::Actor;
use crate::rules::state::{Action, Role, Status};
use crate::service::WoFilter;
use crate::testing::{
    day, instant, visit_and_sign, ContractBuilder, CustomerBuilder, TempDevice, WorkOrderBuilder,
};

const YANG: &str = "yangjinwei";

fn office() -> Actor {
    Actor::new("office", Role::Office)
}

/// The office on Monday 2 March 2026, 10:00 in Shanghai, with customer
/// 华东电力 and its instrument SN-1; returns the customer's id.
fn desk() -> (TempDevice, DocId) {
    let mut t = TempDevice::at(office(), instant("2026-03-02T10:00:00+08:00"));
    let c = t
        .create_customer(
            CustomerBuilder::new("华东电力")
                .equipment("SN-1", "GC-2030", Some(day("2025-01-10")))
                .input(),
        )
        .unwrap();
    (t, c.customer.id)
}

/// A quarterly contract of `customer` on SN-1 from 15 January to the end of 2026.
fn quarterly(customer: &DocId) -> ContractBuilder {
    ContractBuilder::new(customer, &["SN-1"]).running(day("2026-01-15"), day("2026-12-31"))
}

/// [`desk`] with a monthly contract ([`quarterly`], a visit every month);
/// returns the customer's id and the contract.
fn monthly() -> (TempDevice, DocId, Contract) {
    let (mut dev, cust) = desk();
    let k = contract(&mut dev, quarterly(&cust).every(1));
    (dev, cust, k)
}

/// `b`'s contract, made on `dev` through the office's form.
fn contract(dev: &mut TempDevice, b: ContractBuilder) -> Contract {
    dev.create_contract(b.input()).unwrap().contract
}

/// The office's edit ending a contract on `last_day` instead.
fn ending_on(last_day: &str) -> ContractEdit {
    ContractEdit {
        ends_on: Some(Day(day(last_day))),
        ..Default::default()
    }
}

fn planned(dev: &TempDevice) -> Vec<WorkOrder> {
    let mut out: Vec<WorkOrder> = dev
        .list_work_orders(WoFilter::default())
        .unwrap()
        .into_iter()
        .map(|i| dev.get_work_order(&i.row.id).unwrap().wo)
        .filter(|wo| wo.planned.is_some())
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[test]
fn a_contract_is_checked_field_by_field_and_kept_by_the_office_only() {
    let (mut dev, cust) = desk();
    let cases: Vec<(ContractBuilder, &str)> = vec![
        (quarterly(&cust).number(" "), "number:"),
        (
            ContractBuilder::new(&cust, &["SN-404"]),
            "equipment_serials:",
        ),
        (
            quarterly(&cust).running(day("2026-05-01"), day("2026-04-30")),
            "ends_on:",
        ),
        (quarterly(&cust).labour(-1), "labour_fen_per_hour:"),
        (quarterly(&cust).every(25), "visit_every_months:"),
    ];
    for (b, field) in cases {
        let err = dev.create_contract(b.input()).unwrap_err();
        assert_eq!(err.code, "invalid");
        assert!(err.message.starts_with(field), "{field}: {}", err.message);
    }
    let other = DocId::new(DocKind::Customer);
    let err = dev
        .create_contract(ContractBuilder::new(&other, &["SN-1"]).input())
        .unwrap_err();
    assert!(err.message.starts_with("customer_id:"), "{}", err.message);
    assert!(
        dev.list_contracts(None, None).unwrap().is_empty(),
        "nothing stored"
    );

    let made = dev.create_contract(quarterly(&cust).input()).unwrap();
    assert_eq!(made.state, ContractState::Active);
    let err = dev
        .edit_contract(&made.contract.id, ending_on("2025-12-31"))
        .unwrap_err();
    assert!(err.message.starts_with("ends_on:"), "{}", err.message);
    let renamed = ContractEdit {
        number: Some("HT-2026-001A".into()),
        visit_every_months: Some(6),
        ..Default::default()
    };
    let v = dev.edit_contract(&made.contract.id, renamed).unwrap();
    assert_eq!(
        (v.contract.number.as_str(), v.contract.visit_every_months),
        ("HT-2026-001A", 6)
    );
    assert_eq!(
        v.contract.ends_on, made.contract.ends_on,
        "only the fields sent change"
    );
    assert_eq!(made.customer_org, "华东电力");
    let dup = dev
        .create_contract(quarterly(&cust).number("ht-2026-001a").input())
        .unwrap_err();
    assert!(dup.message.starts_with("number:"), "{}", dup.message);

    dev.device.actor = Actor::new(YANG, Role::Engineer);
    assert_eq!(
        dev.list_contracts(None, None).unwrap_err().code,
        "forbidden"
    );
    assert_eq!(
        dev.create_contract(quarterly(&cust).number("HT-2").input())
            .unwrap_err()
            .code,
        "forbidden"
    );
    assert_eq!(
        dev.plan_visits().unwrap().created.len(),
        0,
        "a no-op off the office"
    );
}

#[test]
fn the_list_shows_each_contracts_state_in_the_company_time_zone() {
    let (mut dev, cust) = desk();
    let mk = |n: &str, s: &str, e: &str| quarterly(&cust).number(n).running(day(s), day(e)).input();
    dev.create_contract(mk("A", "2026-01-01", "2026-12-31"))
        .unwrap();
    dev.create_contract(mk("B", "2026-01-01", "2026-03-31"))
        .unwrap();
    dev.create_contract(mk("C", "2025-01-01", "2026-03-01"))
        .unwrap();
    dev.create_contract(mk("D", "2026-03-03", "2027-03-02"))
        .unwrap();
    let rows = dev.list_contracts(None, None).unwrap();
    let states: Vec<(&str, ContractState)> =
        rows.iter().map(|r| (r.number.as_str(), r.state)).collect();
    assert_eq!(
        states,
        [
            ("A", ContractState::Active),
            ("B", ContractState::EndingSoon),
            ("C", ContractState::Ended),
            ("D", ContractState::Upcoming),
        ]
    );
    assert_eq!(rows[0].next_visit, Some(Day(day("2026-01-01"))));
    let ending = dev
        .list_contracts(Some(ContractState::EndingSoon), Some(cust.clone()))
        .unwrap();
    assert_eq!(ending.len(), 1);
    assert_eq!(ending[0].customer_org, "华东电力");

    // The customer screen's instrument shows its running contract.
    let view = dev.get_customer(&cust).unwrap();
    let k = view.equipment[0].contract.as_ref().unwrap();
    assert_eq!((k.number.as_str(), k.state), ("A", ContractState::Active));
    assert_eq!(view.contracts.len(), 4);
}

#[test]
fn planned_visits_are_created_once_with_derived_ids_and_the_checklist() {
    let (mut dev, cust) = desk();
    let k = contract(&mut dev, quarterly(&cust));
    let first = dev.plan_visits().unwrap();
    assert_eq!(
        first.created.len(),
        1,
        "the period running since 15 January"
    );
    let id = &first.created[0];
    assert_eq!(
        id.as_str(),
        format!(
            "wo:pm-{}-20260115",
            k.id.as_str().trim_start_matches("contract:")
        )
    );
    assert!(dev.plan_visits().unwrap().created.is_empty(), "idempotent");

    let wo = dev.get_work_order(id).unwrap().wo;
    assert_eq!(wo.order_kind, OrderKind::Maintenance);
    assert_eq!((wo.status, wo.priority), (Status::New, Priority::P3));
    assert_eq!(wo.number, "PM-HT-2026-001-2026-01");
    assert_eq!(wo.assignee, None);
    assert_eq!(wo.contract_id.as_ref(), Some(&k.id));
    assert_eq!(wo.equipment.serial, "SN-1");
    let window = wo.planned.unwrap();
    assert_eq!(
        (window.period_start.0, window.period_end.0),
        (day("2026-01-15"), day("2026-04-14"))
    );
    let items: Vec<&str> = wo.checklist.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(items, CHECKLIST);
    // Its clocks run from the window's last day: not late on the board.
    assert_eq!(wo.reported_at, instant("2026-04-14T00:00:00+08:00").into());
    let row = dev
        .list_work_orders(WoFilter::default())
        .unwrap()
        .into_iter()
        .find(|i| &i.row.id == id)
        .unwrap();
    assert!(!row.sla.response.is_breached() && !row.sla.loaner_prompt);
    // The lists say when it is due by, not a call time.
    assert_eq!(row.row.planned_until.map(|d| d.0), Some(day("2026-04-14")));

    // It is on the office board; 20 days on, the next period is within 30 days.
    assert_eq!(planned(&dev).len(), 1);
    dev.set_now(instant("2026-03-20T10:00:00+08:00"));
    let next = dev.plan_visits().unwrap();
    assert_eq!(next.created.len(), 1);
    assert!(next.created[0].as_str().ends_with("-20260415"));
    let view = dev.get_contract(&k.id).unwrap();
    assert_eq!(view.visits.len(), 2);
    assert_eq!(view.visits[1].period_start.0, day("2026-04-15"));
}

#[test]
fn two_office_devices_planning_offline_end_with_one_order_per_period() {
    let (mut a, cust) = desk();
    let k = contract(&mut a, quarterly(&cust));
    let mut b = TempDevice::at(office(), instant("2026-03-02T11:30:00+08:00"));
    b.receive_from(&a, &[&cust, &k.id]);
    // Both plan while offline.
    let ca = a.plan_visits().unwrap().created;
    let cb = b.plan_visits().unwrap().created;
    assert_eq!(ca, cb, "the same derived ids");
    for id in &ca {
        let (mut da, mut db) = (
            a.store.load(id).unwrap().unwrap(),
            b.store.load(id).unwrap().unwrap(),
        );
        assert_eq!(
            da.get_heads(),
            db.get_heads(),
            "the very same creation change on both"
        );
    }

    // They meet: each receives the other's document.
    for id in &ca {
        let mut from_a = a.store.load(id).unwrap().unwrap();
        let mut from_b = b.store.load(id).unwrap().unwrap();
        a.store
            .apply_remote(id, |d, _| d.merge(&mut from_b).map(|_| ()))
            .unwrap();
        b.store
            .apply_remote(id, |d, _| d.merge(&mut from_a).map(|_| ()))
            .unwrap();
    }
    for dev in [&a, &b] {
        let orders = planned(dev);
        assert_eq!(orders.len(), 1, "one order per contract and period");
        assert_eq!(orders[0].checklist.len(), CHECKLIST.len());
        assert_eq!(orders[0].status, Status::New);
    }
    assert_eq!(planned(&a), planned(&b), "the same order on both");
    assert!(a.plan_visits().unwrap().created.is_empty());
    assert!(b.plan_visits().unwrap().created.is_empty());
}

#[test]
fn ending_a_contract_earlier_cancels_its_planned_orders_not_started() {
    let (mut dev, _, k) = monthly();
    dev.set_now(instant("2026-03-20T10:00:00+08:00"));
    let made = dev.plan_visits().unwrap().created;
    // Periods from 15 Feb, 15 Mar and 15 Apr (within 30 days).
    assert_eq!(made.len(), 2, "{made:?}");
    let (march, april) = (&made[0], &made[1]);
    dev.assign(march, YANG).unwrap();
    dev.device.actor = Actor::new(YANG, Role::Engineer);
    dev.act(march, Action::Respond).unwrap();
    dev.device.actor = office();

    let view = dev.edit_contract(&k.id, ending_on("2026-03-10")).unwrap();
    assert_eq!(view.contract.ends_on.0, day("2026-03-10"));
    let april = dev.get_work_order(april).unwrap().wo;
    assert_eq!(april.status, Status::Cancelled);
    let last = april.history.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.by.as_str()),
        ("cancel", "office")
    );
    assert_eq!(
        dev.get_work_order(march).unwrap().wo.status,
        Status::Responded,
        "started: kept"
    );
    assert!(
        dev.plan_visits().unwrap().cancelled.is_empty(),
        "done already"
    );
}

#[test]
fn a_contract_shortened_on_another_office_device_cancels_the_orders_here_when_planning() {
    let (mut a, cust, k) = monthly();
    let mut b = TempDevice::at(office(), instant("2026-03-02T11:00:00+08:00"));
    b.receive_from(&a, &[&cust, &k.id]);
    let made = a.plan_visits().unwrap().created;
    assert_eq!(made.len(), 2, "from 15 Feb and from 15 Mar");
    // B ends the contract on 10 March; the contract reaches A.
    b.edit_contract(&k.id, ending_on("2026-03-10")).unwrap();
    let mut from_b = b.store.load(&k.id).unwrap().unwrap();
    a.store
        .apply_remote(&k.id, |d, _| d.merge(&mut from_b).map(|_| ()))
        .unwrap();
    let r = a.plan_visits().unwrap();
    assert_eq!(r.cancelled, [made[1].clone()]);
    assert!(r.created.is_empty());
    assert_eq!(
        a.get_work_order(&made[1]).unwrap().wo.status,
        Status::Cancelled
    );
    assert_eq!(a.get_work_order(&made[0]).unwrap().wo.status, Status::New);
}

#[test]
fn a_repair_call_under_contract_is_marked_listed_first_and_charged_by_the_contract() {
    let (mut dev, cust) = desk();
    // Labour free, travel and lodging free, parts at cost.
    dev.create_contract(quarterly(&cust).every(0).input())
        .unwrap();
    let plain = dev
        .create_work_order(WorkOrderBuilder::new().priority(Priority::P1).input())
        .unwrap();
    let call = dev
        .create_work_order(
            WorkOrderBuilder::new()
                .customer_id(cust.clone())
                .priority(Priority::P4)
                .equipment(crate::model::EquipmentInfo {
                    serial: "sn-1".into(),
                    ..Default::default()
                })
                .input(),
        )
        .unwrap();
    assert!(call.wo.contract_id.is_some(), "a contract call");
    assert!(plain.wo.contract_id.is_none());
    let rows = dev.list_work_orders(WoFilter::default()).unwrap();
    assert_eq!(
        rows[0].row.id, call.wo.id,
        "contract calls first, even a P4"
    );
    assert!(rows[0].row.contract_call && !rows[1].row.contract_call);

    dev.assign(&call.wo.id, YANG).unwrap();
    dev.device.actor = Actor::new(YANG, Role::Engineer);
    let signed = visit_and_sign(&mut dev, &call.wo.id);
    assert!(signed.charges.under_contract);
    assert_eq!(
        signed.charges.total_fen, 0,
        "labour and travel free under contract"
    );
    let frozen: crate::rules::charges::Charges =
        serde_json::from_str(&signed.wo.signoff.unwrap().charges_json).unwrap();
    assert!(frozen.under_contract, "the signed record's charges");
    dev.device.actor = Actor::new(YANG, Role::Engineer);
    let again = dev.get_work_order(&call.wo.id).unwrap();
    assert!(again.charges.under_contract);
}

#[test]
fn the_engineer_ticks_the_checklist_on_site_until_signing() {
    let (mut dev, cust) = desk();
    dev.create_contract(quarterly(&cust).input()).unwrap();
    let id = dev.plan_visits().unwrap().created.remove(0);
    dev.assign(&id, YANG).unwrap();

    dev.device.actor = Actor::new("liuqiang", Role::Engineer);
    assert_eq!(
        dev.tick_check_item(&id, 0, true).unwrap_err().code,
        "forbidden"
    );
    dev.device.actor = Actor::new(YANG, Role::Engineer);
    let v = dev.tick_check_item(&id, 2, true).unwrap();
    assert!(v.wo.checklist[2].done && !v.wo.checklist[0].done);
    let bad = dev.tick_check_item(&id, 9, true).unwrap_err();
    assert_eq!(bad.code, "invalid");
    assert!(bad.message.starts_with("index:"), "{}", bad.message);
    let signed = visit_and_sign(&mut dev, &id).wo;
    let late = dev.tick_check_item(&id, 1, true).unwrap_err();
    assert!(late.message.starts_with("checklist:"), "{}", late.message);
    // The checklist is inside the signed content: a tick merged in later
    // shows as changed after signing.
    let mut changed = signed.clone();
    changed.checklist[1].done = true;
    assert_eq!(
        crate::signoff::verify(&signed),
        crate::signoff::SignatureCheck::Valid
    );
    assert!(matches!(
        crate::signoff::verify(&changed),
        crate::signoff::SignatureCheck::ChangedAfterSigning { .. }
    ));
}
