//! A whole visit through `service::Device` on a temporary SQLite file with a
//! fixed clock: the office creates and assigns, the engineer responds,
//! travels, picks up parts, repairs, resolves and captures the customer's
//! sign-off; the record then waits to be filed within 5 days, every clock
//! met, and the exported record verifies at the office.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use onsite_core::clock::FixedClock;
use onsite_core::demo::SeedDemo;
use onsite_core::model::*;
use onsite_core::ops::{Actor, ServicePatch, SignInput};
use onsite_core::rules::state::{Action, Role, Status};
use onsite_core::rules::{ClockState, FilingDue, StockLevel, Tier};
use onsite_core::service::{Device, WoFilter, WoGroup};
use onsite_core::signoff::SignatureCheck;
use onsite_core::store::{meta_keys, Paging};
use onsite_core::testing::{stock_of, CustomerBuilder, PartBuilder, TempDevice, WorkOrderBuilder};

fn cst(s: &str) -> DateTime<Utc> {
    format!("{s}+08:00").parse().unwrap()
}

fn office() -> Actor {
    Actor::new("office1", Role::Office)
}

fn yang() -> Actor {
    Actor::new("yangjinwei", Role::Engineer)
}

fn add_part(dev: &mut Device, part_no: &str, stock: i64) -> DocId {
    PartBuilder::new(part_no)
        .name("24V电源模块")
        .prices(30_000, 48_000)
        .low_threshold(2)
        .stock(stock)
        .create_in(&mut dev.store)
}

/// An office device on its own file whose clock shows `now` (Shanghai time).
fn office_device(now: &str) -> TempDevice {
    TempDevice::at(office(), cst(now))
}

#[test]
fn a_whole_visit_from_call_to_sign_off() {
    // Tuesday 10 March 2026, 09:00 in Shanghai.
    let clock = Arc::new(FixedClock::new(cst("2026-03-10T09:00:00")));
    let mut dev = TempDevice::with_clock(office(), clock.clone());
    dev.store.set_meta_i64(meta_keys::DEVICE_SLOT, 3).unwrap();
    let part_id = add_part(&mut dev, "PWR-24V", 5);

    // The office takes the call.
    let cust = dev
        .create_customer(
            CustomerBuilder::new("重庆市农业委员会检测中心")
                .key_customer()
                .equipment(
                    "AAS7-CQ-0310",
                    "AAS-7000 原子吸收光谱仪",
                    Some("2024-06-01".parse().unwrap()),
                )
                .input(),
        )
        .unwrap();
    assert_eq!(dev.list_customers("农业").unwrap().len(), 1);
    assert!(dev.list_customers("成都").unwrap().is_empty());
    // Customer and equipment left blank: filled from the customer's file.
    let input = WorkOrderBuilder::new()
        .priority(Priority::P1)
        .customer_id(cust.customer.id.clone())
        .customer_info(CustomerInfo::default())
        .equipment(EquipmentInfo {
            serial: "AAS7-CQ-0310".into(),
            ..Default::default()
        })
        .fault("开机自检失败，无法测样")
        .repair_items(&["故障诊断", "更换电源模块"])
        .estimate_fen(30_000)
        .input();
    let view = dev.create_work_order(input).unwrap();
    let id = view.wo.id.clone();
    assert_eq!(view.wo.number, "WO-2026-03-000001");
    assert_eq!(
        view.wo.customer.org, "重庆市农业委员会检测中心",
        "filled from the customer"
    );
    assert_eq!(view.wo.equipment.model, "AAS-7000 原子吸收光谱仪");
    assert_eq!(view.tier, Tier::Extended1);
    assert_eq!(view.allowed_actions, vec![Action::Assign, Action::Cancel]);
    let view = dev.assign(&id, "yangjinwei").unwrap();
    assert_eq!(view.wo.status, Status::Assigned);

    // The engineer's device (same file, the engineer signed in).
    dev.actor = yang();
    let list = dev.list_work_orders(WoFilter::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].group, WoGroup::ActNow, "assigned: to act on now");
    clock.advance(Duration::minutes(50));
    let list = dev.list_work_orders(WoFilter::default()).unwrap();
    assert_eq!(list[0].group, WoGroup::ActNow, "response due in 10 minutes");
    dev.act(&id, Action::Respond).unwrap();
    clock.advance(Duration::minutes(10));
    dev.act(&id, Action::Depart).unwrap();
    clock.advance(Duration::hours(3));
    let view = dev.act(&id, Action::Arrive).unwrap();
    assert_eq!(view.wo.status, Status::OnSite);

    // Parts: picked (stock down), one used, one returned (stock back up).
    let view = dev
        .pickup_parts(
            &id,
            &part_id,
            2,
            vec!["PSU-0091".into(), "PSU-0092".into()],
            None,
        )
        .unwrap();
    assert_eq!(stock_of(&dev, "PWR-24V"), (3, StockLevel::Ok));
    assert_eq!(view.pickups.len(), 1);
    assert_eq!(view.sign_blockers.len(), 1);
    assert_eq!(view.pickups[0].serials, ["PSU-0091", "PSU-0092"]);
    let pickup_id = view.pickups[0].pickup_id.clone();
    dev.update_service(
        &id,
        ServicePatch {
            work_done: Some("更换24V电源模块，开机自检通过，标准溶液测试正常".into()),
            findings: Some("电源模块输出电压跌落".into()),
            labour_minutes: Some(95),
            travel_fen: Some(15_000),
            lodging_fen: Some(0),
        },
    )
    .unwrap();
    clock.advance(Duration::minutes(40));
    dev.act(&id, Action::Resolve).unwrap();
    let sign = || SignInput {
        signer: "赵刚".into(),
        opinion: "维修及时，满意".into(),
        satisfaction: 5,
        matches_agreed_items: true,
        strokes: onsite_core::testing::signature(),
    };
    let err = dev.sign(&id, sign()).unwrap_err();
    assert_eq!(err.code, "sign_blocked");
    assert_eq!(
        err.message,
        "cannot sign: part PWR-24V: 2 picked but neither used nor returned"
    );
    let err = dev.mark_part(&pickup_id, 2, 1).unwrap_err();
    assert_eq!(err.code, "invalid", "{}", err.message);
    let view = dev.mark_part(&pickup_id, 1, 1).unwrap();
    assert!(view.sign_blockers.is_empty());
    assert_eq!(stock_of(&dev, "PWR-24V"), (4, StockLevel::Ok));
    assert_eq!(view.wo.parts_used.len(), 1);
    // Extended 1: labour and travel free, the part at cost.
    assert_eq!(view.charges.total_fen, 30_000);

    // The customer signs.
    clock.advance(Duration::minutes(15));
    let view = dev.sign(&id, sign()).unwrap();
    assert_eq!(view.wo.status, Status::Signed);
    assert_eq!(view.signature, SignatureCheck::Valid);
    assert_eq!(view.charges.total_fen, 30_000, "frozen as shown");
    assert!(
        view.allowed_actions.is_empty(),
        "filing happens on receipt: {:?}",
        view.allowed_actions
    );
    let err = dev
        .update_service(
            &id,
            ServicePatch {
                work_done: Some("改".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code, "signed_read_only");
    let err = dev.set_charge_override(&id, 0, "免单").unwrap_err();
    assert_eq!(err.code, "signed_read_only");

    // To file within 5 days; every clock met.
    let to_file = dev.list_to_file().unwrap();
    assert_eq!(to_file.len(), 1);
    assert_eq!(to_file[0].group, WoGroup::ToFile);
    assert_eq!(to_file[0].filing, Some(FilingDue::DueInDays { days: 5 }));
    let sla = &to_file[0].sla;
    for clock in [Some(sla.response), sla.on_site, Some(sla.fix)]
        .into_iter()
        .flatten()
    {
        assert!(matches!(clock.state, ClockState::Met { .. }), "{clock:?}");
    }
    assert!(!sla.loaner_prompt);
    assert!(
        dev.store.dirty_count().unwrap() >= 4,
        "wo, customer, part, pickup"
    );

    // Someone else's order is not theirs to see.
    dev.actor = Actor::new("tangrong", Role::Engineer);
    assert_eq!(dev.get_work_order(&id).unwrap_err().code, "forbidden");
    assert!(dev.list_to_file().unwrap().is_empty());

    // No connectivity for days: exported as a file, imported at the office.
    dev.actor = yang();
    let bytes = dev.export_signed(&id).unwrap();
    let mut at_office = TempDevice::with_clock(office(), clock.clone());
    let imported = at_office.import_signed(&bytes).unwrap();
    assert_eq!(
        (imported.number.as_str(), imported.status),
        ("WO-2026-03-000001", Status::Signed),
        "merged; the server files it when the office syncs (tests/import_route.rs)"
    );
    assert_eq!(imported.signature, SignatureCheck::Valid);
    assert!(!imported.merged_into_existing);
    assert!(at_office.get_work_order(&id).unwrap().wo.filing.is_none());
    assert_eq!(
        at_office.import_signed(b"not a document").unwrap_err().code,
        "not_a_record"
    );
}

#[test]
fn refusals_come_back_as_code_and_message() {
    let mut dev = office_device("2026-03-10T09:00:00");
    let missing = DocId::new(DocKind::WorkOrder);
    assert_eq!(dev.get_work_order(&missing).unwrap_err().code, "not_found");
    assert_eq!(
        dev.act(&missing, Action::Respond).unwrap_err().code,
        "not_found"
    );
    let summary = dev.seed_demo(cst("2026-03-10T09:00:00")).unwrap();
    assert!(summary.created);
    let open = dev
        .list_work_orders(WoFilter {
            statuses: Some(vec![Status::New]),
            ..Default::default()
        })
        .unwrap();
    let id = open[0].row.id.clone();
    let err = dev.act(&id, Action::Arrive).unwrap_err();
    assert_eq!(err.code, "illegal_transition");
    assert_eq!(err.message, "cannot arrive: work order is new");
    assert_eq!(dev.export_signed(&id).unwrap_err().code, "not_signed");
    dev.actor = yang();
    assert_eq!(dev.create_work_order(serde_json::from_value(serde_json::json!({
        "order_kind": "repair", "priority": "P4", "customer_id": null,
        "customer": {"org": "x", "site_address": "", "contact": "", "phone": ""},
        "equipment": {"model": "", "serial": "", "accepted_on": null, "original_end_user": true},
        "contract_id": null, "fault": "x", "reported_at": null, "visit_needed": false,
        "repair_items": [], "estimate_fen": 0, "appointment": null
    })).unwrap()).unwrap_err().code, "forbidden");
}

#[test]
fn demo_data_covers_every_case_the_screens_show() {
    let now = cst("2026-03-10T09:00:00");
    let mut dev = office_device("2026-03-10T09:00:00");
    let s = dev.seed_demo(now).unwrap();
    assert_eq!((s.customers, s.parts, s.work_orders), (8, 10, 21));
    assert!(
        !dev.seed_demo(now).unwrap().created,
        "second run does nothing"
    );
    let all = dev.list_work_orders(WoFilter::default()).unwrap();
    assert_eq!(all.len(), 21);
    for p in ["P1", "P2", "P3", "P4"] {
        assert!(all.iter().any(|w| w.row.priority.as_str() == p), "{p}");
    }
    for who in [
        "yangjinwei",
        "tangrong",
        "liujinfeng",
        "xiaotianyu",
        "chenqin",
    ] {
        assert!(
            all.iter().any(|w| w.row.assignee.as_deref() == Some(who)),
            "{who}"
        );
    }
    for g in [WoGroup::ActNow, WoGroup::Open, WoGroup::ToFile] {
        assert!(all.iter().any(|w| w.group == g), "{g:?}");
    }
    let stock = dev.list_stock(None).unwrap();
    assert!(stock.iter().any(|s| s.level == StockLevel::Low));
    assert!(stock.iter().any(|s| s.level == StockLevel::Negative));
    let mut tiers = std::collections::BTreeSet::new();
    for w in &all {
        let v = dev.get_work_order(&w.row.id).unwrap();
        tiers.insert(v.tier);
        if v.wo.status == Status::Signed {
            assert_eq!(v.signature, SignatureCheck::Valid);
        }
    }
    assert_eq!(tiers.len(), 4, "{tiers:?}");
    dev.actor = yang();
    let mine = dev.list_work_orders(WoFilter::default()).unwrap();
    assert!(
        !mine.is_empty()
            && mine
                .iter()
                .all(|w| w.row.assignee.as_deref() == Some("yangjinwei"))
    );
}

#[test]
fn the_engineers_list_comes_a_page_at_a_time_with_the_total() {
    let now = cst("2026-03-10T09:00:00");
    let mut dev = office_device("2026-03-10T09:00:00");
    dev.seed_demo(now).unwrap();
    dev.actor = yang();
    let open = WoFilter {
        open_only: true,
        ..Default::default()
    };
    let all = dev.list_work_orders(open.clone()).unwrap();
    assert!(all.len() >= 2, "the demo gives yangjinwei several orders");
    // Everyone's orders are asked for; the engineer still gets only theirs.
    let first = dev
        .work_order_page(WoFilter {
            page: Paging::first(1),
            ..open.clone()
        })
        .unwrap();
    assert_eq!(first.total as usize, all.len());
    assert_eq!(first.items, all[..1]);
    let rest = dev
        .work_order_page(WoFilter {
            page: Paging::at(1, 100),
            ..open.clone()
        })
        .unwrap();
    assert_eq!(rest.total as usize, all.len());
    assert_eq!(rest.items, all[1..], "the pages join into the whole list");
    // No limit: the default page, which holds this short list whole.
    let page = dev.work_order_page(open).unwrap();
    assert_eq!(page.items, all);
}

#[test]
fn the_list_loaner_prompt_matches_the_view_without_opening_documents() {
    let clock = Arc::new(FixedClock::new(cst("2026-03-10T09:00:00")));
    let mut dev = TempDevice::with_clock(office(), clock.clone());
    let input = WorkOrderBuilder::new()
        .priority(Priority::P2)
        .customer_info(CustomerInfo {
            org: "x".into(),
            ..Default::default()
        })
        .equipment(EquipmentInfo::default())
        .fault("x")
        .repair_items(&[])
        .input();
    let view = dev.create_work_order(input).unwrap();
    let id = view.wo.id.clone();
    let item = |dev: &Device| {
        let list = dev.list_work_orders(WoFilter::default()).unwrap();
        assert_eq!(list.len(), 1);
        list.into_iter().next().unwrap()
    };
    assert!(!item(&dev).sla.loaner_prompt, "fix not yet due");

    // Ten days later the fix is breached and unresolved: prompt.
    clock.advance(Duration::days(10));
    let it = item(&dev);
    assert!(it.sla.loaner_prompt);
    assert!(!it.row.loaner_issued);
    assert_eq!(it.sla, dev.get_work_order(&id).unwrap().sla);

    // A loaner is issued: the row knows, no prompt, same as the view.
    onsite_core::testing::loaner_pool(&mut dev, &[("AAS-7000", "L-1")]);
    let view = dev.issue_loaner(&id, "L-1", None).unwrap();
    let it = item(&dev);
    assert!(it.row.loaner_issued);
    assert!(!it.sla.loaner_prompt);
    assert_eq!(it.sla, view.sla);
}
