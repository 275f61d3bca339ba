//! The parts warehouse through the facade against a real SQLite store:
//! what the storekeeper's screens show after each action (the counts per
//! warehouse, the movements, the confirmation states, the outstanding
//! list) and the refusals a user sees, with nothing stored.

use chrono::Duration;

use crate::model::{DocId, DocKind};
use crate::ops::Actor;
use crate::rules::state::Role;
use crate::rules::StockLevel;
use crate::service::{ErrorCode, PartEdit};
use crate::settings::SettingsInput;
use crate::settings::Warehouse;
use crate::testing::{instant, new_part, PartBuilder, TempDevice, WorkOrderBuilder};
use crate::warehouse::{ConfirmState, MoveKind, NewPart};

const YANG: &str = "yangjinwei";

fn keeper() -> Actor {
    Actor::new("store1", Role::Storekeeper)
}

fn office() -> Actor {
    Actor::new("office", Role::Office)
}

fn yang() -> Actor {
    Actor::new(YANG, Role::Engineer)
}

/// The storekeeper's device on Monday 2 March 2026, 10:00 in Shanghai,
/// with the company's two warehouses 总库 and 分库.
fn desk() -> TempDevice {
    let mut t = TempDevice::at(office(), instant("2026-03-02T10:00:00+08:00"));
    let s = t.company_settings().unwrap().settings;
    let form = SettingsInput {
        warehouses: Some(vec![
            Warehouse::main(),
            Warehouse {
                code: "branch".into(),
                name: "分库".into(),
            },
        ]),
        ..SettingsInput::from(&s)
    };
    t.save_company_settings(form).unwrap();
    t.actor = keeper();
    t
}

fn part_id() -> DocId {
    DocId::with_suffix(DocKind::Part, "PS-100")
}

/// An order assigned to Yang, stored on `t`.
fn order(t: &mut TempDevice) -> DocId {
    let (id, mut am) = WorkOrderBuilder::new().assigned_to(YANG).doc();
    t.store.create_doc_merging(&id, &mut am).unwrap();
    id
}

/// [`desk`] with 5 of part PS-100 received into `warehouse` (for
/// `reason`) and an [`order`] for Yang, Yang signed in; the order's id.
fn stocked(warehouse: &str, reason: &str) -> (TempDevice, DocId) {
    let mut t = desk();
    t.add_part(new_part("PS-100")).unwrap();
    t.receive_goods(&part_id(), warehouse, 5, reason).unwrap();
    let wo = order(&mut t);
    t.actor = yang();
    (t, wo)
}

fn qtys(t: &TempDevice) -> Vec<(String, i64)> {
    t.part_view(&part_id())
        .unwrap()
        .stock
        .into_iter()
        .map(|s| (s.warehouse_name, s.qty))
        .collect()
}

#[test]
fn the_storekeeper_adds_a_part_receives_goods_and_takes_stock() {
    let mut t = desk();
    let v = t.add_part(new_part("PS-100")).unwrap();
    assert_eq!((v.part.unit.as_str(), v.part.retired), ("块", false));
    assert_eq!(qtys(&t), [("总库".into(), 0), ("分库".into(), 0)]);
    t.receive_goods(&part_id(), "main", 10, "送货单 A-17")
        .unwrap();
    t.set_now(instant("2026-03-02T11:00:00+08:00"));
    let v = t
        .stocktake(&part_id(), "main", 8, "盘点：两块损坏")
        .unwrap();
    assert_eq!(v.stock[0].qty, 8);
    let m: Vec<(MoveKind, i64, Option<i64>, &str)> = v
        .moves
        .iter()
        .map(|m| (m.kind, m.qty, m.counted, m.reason.as_str()))
        .collect();
    assert_eq!(
        m,
        [
            (MoveKind::Stocktake, -2, Some(8), "盘点：两块损坏"),
            (MoveKind::Received, 10, None, "送货单 A-17"),
        ],
        "newest first"
    );
    assert_eq!(v.moves[0].by, "store1");
    let main = t.list_stock(Some("main".into())).unwrap();
    assert_eq!(
        (main.len(), main[0].qty, main[0].level),
        (1, 8, StockLevel::Ok)
    );
    assert_eq!(t.list_stock(None).unwrap().len(), 2);
}

#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    let mut t = desk();
    t.add_part(new_part("PS-100")).unwrap();
    let e = t.add_part(new_part("PS-100")).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::Invalid, "part_no: part number PS-100 exists")
    );
    let blank = NewPart {
        part_no: " ".into(),
        ..new_part("PS-100")
    };
    assert!(t
        .add_part(blank)
        .unwrap_err()
        .message
        .starts_with("part_no"));
    let cheap = NewPart {
        part_no: "X-1".into(),
        standard_price_fen: -1,
        ..new_part("PS-100")
    };
    let e = t.add_part(cheap).unwrap_err();
    assert!(e.message.starts_with("standard_price_fen"), "{e}");
    let refusals = [
        t.receive_goods(&part_id(), "main", 0, "").unwrap_err(),
        t.receive_goods(&part_id(), "north", 1, "").unwrap_err(),
        t.stocktake(&part_id(), "main", -1, "x").unwrap_err(),
        t.stocktake(&part_id(), "main", 3, "  ").unwrap_err(),
    ];
    let fields: Vec<&str> = refusals
        .iter()
        .map(|e| e.message.split(':').next().unwrap())
        .collect();
    assert_eq!(fields, ["qty", "warehouse", "counted", "reason"]);
    assert!(refusals.iter().all(|e| e.code == ErrorCode::Invalid));
    let edit = PartEdit {
        retired: Some(true),
        ..Default::default()
    };
    assert!(t.edit_part(&part_id(), edit).unwrap().part.retired);
    let e = t.receive_goods(&part_id(), "main", 1, "").unwrap_err();
    assert!(e.message.starts_with("retired"), "{e}");
    let wo = order(&mut t);
    let e = t
        .pickup_parts(&wo, &part_id(), 1, vec![], None)
        .unwrap_err();
    assert!(e.message.starts_with("retired"), "{e}");
    let v = t.part_view(&part_id()).unwrap();
    assert!(v.moves.is_empty());
    assert_eq!(qtys(&t), [("总库".into(), 0), ("分库".into(), 0)]);
    assert!(t.list_stock(None).unwrap()[0].retired);
    t.actor = yang();
    let e = t.add_part(NewPart {
        part_no: "Y-1".into(),
        ..new_part("PS-100")
    });
    assert_eq!(e.unwrap_err().code, ErrorCode::Forbidden);
}

#[test]
fn a_pickup_from_the_branch_and_a_return_are_listed_and_confirmed() {
    let (mut t, wo) = stocked("branch", "调拨");
    let e = t
        .pickup_parts(&wo, &part_id(), 1, vec![], Some("north".into()))
        .unwrap_err();
    assert!(e.message.starts_with("warehouse"), "{e}");
    let view = t
        .pickup_parts(&wo, &part_id(), 3, vec![], Some("branch".into()))
        .unwrap();
    let line = &view.pickups[0];
    assert_eq!(
        (
            line.warehouse.as_str(),
            line.pickup_state,
            line.return_state
        ),
        ("branch", ConfirmState::Awaiting, ConfirmState::None)
    );
    let pickup = line.pickup_id.clone();
    assert_eq!(
        t.confirm_pickup(&pickup, 3).unwrap_err().code,
        ErrorCode::Forbidden
    );
    t.mark_part(&pickup, 1, 1).unwrap();
    assert_eq!(qtys(&t), [("总库".into(), 0), ("分库".into(), 3)]);
    let v = t.part_view(&part_id()).unwrap();
    let m = &v.moves[0];
    assert_eq!(
        (m.kind, m.qty, m.by.as_str(), m.pickup_id.as_ref()),
        (MoveKind::Return, 1, YANG, Some(&pickup))
    );
    assert_eq!(v.moves[1].kind, MoveKind::Pickup);
    assert_eq!(
        v.moves[1].work_order_no.as_deref(),
        Some(view.wo.number.as_str())
    );

    t.actor = keeper();
    let waiting = t.awaiting_confirmation().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].work_order_no, view.wo.number);
    let row = t.confirm_pickup(&pickup, 2).unwrap();
    assert_eq!(
        (row.pickup_state, row.confirmed_counted),
        (ConfirmState::Disputed, Some(2))
    );
    let row = t.confirm_return(&pickup, 1).unwrap();
    assert_eq!(row.return_state, ConfirmState::Confirmed);
    assert_eq!(
        t.awaiting_confirmation().unwrap().len(),
        1,
        "still disputed"
    );
    t.confirm_pickup(&pickup, 3).unwrap();
    assert!(t.awaiting_confirmation().unwrap().is_empty());
    assert_eq!(
        qtys(&t),
        [("总库".into(), 0), ("分库".into(), 3)],
        "no stock moved"
    );
    t.actor = yang();
    t.mark_part(&pickup, 0, 1).unwrap();
    let lines = t.get_work_order(&wo).unwrap().pickups;
    assert_eq!(
        lines[0].return_state,
        ConfirmState::Awaiting,
        "more returned"
    );
}

#[test]
fn outstanding_parts_show_per_engineer_with_their_age_in_days() {
    let (mut t, wo) = stocked("main", "");
    let picked = t.pickup_parts(&wo, &part_id(), 2, vec![], None).unwrap();
    let pickup = picked.pickups[0].pickup_id.clone();
    t.mark_part(&pickup, 1, 0).unwrap();
    let later = instant("2026-03-05T08:00:00+08:00") + Duration::minutes(1);
    t.set_now(later);
    let rows = t.outstanding_parts().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].engineer.as_str(),
            rows[0].outstanding,
            rows[0].age_days
        ),
        (YANG, 1, 3)
    );
    t.actor = Actor::new("tangrong", Role::Engineer);
    assert!(t.outstanding_parts().unwrap().is_empty(), "only their own");
    t.actor = keeper();
    assert_eq!(t.outstanding_parts().unwrap().len(), 1);
}

#[test]
fn a_warehouse_added_in_the_settings_gets_a_counter_on_every_part() {
    let mut t = desk();
    t.add_part(new_part("PS-100")).unwrap();
    let (other, mut am) = PartBuilder::new("P-2").doc();
    t.store.create_doc_merging(&other, &mut am).unwrap();
    t.actor = office();
    let s = t.company_settings().unwrap().settings;
    let mut list = s.warehouses.clone();
    list.push(Warehouse {
        code: "chengdu".into(),
        name: "成都库".into(),
    });
    let form = SettingsInput {
        warehouses: Some(list[1..].to_vec()),
        ..SettingsInput::from(&s)
    };
    let e = t.save_company_settings(form.clone()).unwrap_err();
    assert!(e.message.contains("main (总库) cannot be removed"), "{e}");
    t.save_company_settings(SettingsInput {
        warehouses: Some(list),
        ..form
    })
    .unwrap();
    assert_eq!(t.warehouses().unwrap().len(), 3);
    let cd = t.list_stock(Some("chengdu".into())).unwrap();
    assert_eq!(cd.iter().map(|r| r.qty).collect::<Vec<_>>(), [0, 0]);
    t.actor = keeper();
    t.receive_goods(&other, "chengdu", 4, "").unwrap();
    assert_eq!(t.part_view(&other).unwrap().stock[2].qty, 4);
}
