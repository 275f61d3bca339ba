//! The dispatch view and the order search through the facade: what the
//! phone desk sees (unassigned first, each engineer's load and most urgent
//! order, a disabled engineer's orders to reassign), and what a search
//! finds (by words, engineer, status, priority, call dates), closed and
//! cancelled orders included.

use chrono::Duration;

use crate::account::staff::{store_staff, StaffMember};
use crate::dispatch::OrderSearch;
use crate::model::{Day, DocId, EquipmentInfo, Priority};
use crate::ops::Actor;
use crate::rules::state::{Action, Role, Status};
use crate::service::{Device, ErrorCode, WoListItem};
use crate::testing::{day, instant, monday_morning, TempDevice, WorkOrderBuilder};

/// A device signed in as `actor` at 11:00 on the builders' Monday.
fn device(actor: Actor) -> TempDevice {
    TempDevice::at(actor, monday_morning() + Duration::hours(2))
}

fn member(user: &str, name: &str, active: bool) -> StaffMember {
    StaffMember {
        user: user.into(),
        display_name: Some(name.into()),
        role: "engineer".into(),
        active,
    }
}

/// Stores `b`'s order on `dev` and returns its id.
fn put(dev: &mut Device, b: WorkOrderBuilder) -> DocId {
    let (id, mut am) = b.doc();
    dev.store.create_doc_merging(&id, &mut am).unwrap();
    id
}

fn numbers(items: &[WoListItem]) -> Vec<&str> {
    items.iter().map(|i| i.row.number.as_str()).collect()
}

/// An office device whose directory knows 杨金伟 and 汤戎 (active) and
/// 赵宇 (disabled).
fn office() -> TempDevice {
    let mut dev = device(Actor::new("office", Role::Office));
    let staff = [
        member("yangjinwei", "杨金伟", true),
        member("tangrong", "汤戎", true),
        member("zhaoyu", "赵宇", false),
    ];
    store_staff(&mut dev.store, &staff).unwrap();
    dev
}

#[test]
fn dispatch_lists_unassigned_first_then_each_engineer_with_load_and_most_urgent_clock() {
    let mut dev = office();
    let t = monday_morning();
    put(
        &mut dev,
        WorkOrderBuilder::new()
            .number("U-P3")
            .priority(Priority::P3),
    );
    put(
        &mut dev,
        WorkOrderBuilder::new()
            .number("U-P1")
            .priority(Priority::P1),
    );
    // 杨金伟: a P2 called now and a P4 called two days ago (its fix clock
    // ends first), and a signed one that no longer counts.
    put(
        &mut dev,
        WorkOrderBuilder::new()
            .number("Y-P2")
            .assigned_to("yangjinwei"),
    );
    put(
        &mut dev,
        WorkOrderBuilder::new()
            .number("Y-P4-old")
            .priority(Priority::P4)
            .at(t - Duration::days(2))
            .assigned_to("yangjinwei")
            .actions(&[Action::Respond]),
    );
    put(
        &mut dev,
        WorkOrderBuilder::new()
            .number("Y-signed")
            .assigned_to("yangjinwei")
            .resolved()
            .signed(),
    );
    // The disabled 赵宇 still holds one.
    put(
        &mut dev,
        WorkOrderBuilder::new().number("Z-1").assigned_to("zhaoyu"),
    );

    let board = dev.dispatch_board().unwrap();
    assert_eq!(numbers(&board.unassigned), ["U-P1", "U-P3"]);
    assert_eq!(board.unassigned_total, 2);
    let groups: Vec<_> = board
        .engineers
        .iter()
        .map(|g| (g.display.as_str(), g.available, g.open))
        .collect();
    assert_eq!(
        groups,
        [("杨金伟", true, 2), ("汤戎", true, 0), ("赵宇", false, 1)],
        "idle engineers show with no load; the disabled one last, to reassign"
    );
    let yang = &board.engineers[0];
    assert_eq!(numbers(&yang.orders), ["Y-P2", "Y-P4-old"], "P2 before P4");
    let urgent = yang.most_urgent.as_ref().unwrap();
    assert_eq!(urgent.row.number, "Y-P4-old", "the nearest deadline");
    assert_eq!(yang.next_due, urgent.row.next_due);
    assert!(board.engineers[1].most_urgent.is_none());

    // Reassigning from the view moves the load.
    let z1 = board.engineers[2].orders[0].row.id.clone();
    dev.assign(&z1, "tangrong").unwrap();
    let board = dev.dispatch_board().unwrap();
    assert_eq!(board.engineers[1].open, 1);
    assert_eq!(
        board.engineers.len(),
        2,
        "赵宇 has nothing left to reassign"
    );
}

#[test]
fn an_engineer_cannot_open_the_dispatch_view() {
    let dev = device(Actor::new("yangjinwei", Role::Engineer));
    assert_eq!(dev.dispatch_board().unwrap_err().code, ErrorCode::Forbidden);
}

/// Orders for the searches: a closed and a cancelled one among them.
fn searchable(dev: &mut Device) {
    let t = monday_morning();
    let gc = |serial: &str| EquipmentInfo {
        model: "GC-9800 气相色谱仪".into(),
        serial: serial.into(),
        accepted_on: None,
        original_end_user: true,
    };
    put(
        dev,
        WorkOrderBuilder::new()
            .number("WO-2026-01-000001")
            .customer("华东电力")
            .equipment(gc("SN-HD-77"))
            .at(t - Duration::days(30))
            .assigned_to("yangjinwei")
            .resolved()
            .closed_at(t - Duration::days(20)),
    );
    put(
        dev,
        WorkOrderBuilder::new()
            .number("WO-2026-01-000002")
            .customer("江南环境监测站")
            .priority(Priority::P1)
            .at(t - Duration::days(3))
            .assigned_to("tangrong")
            .cancelled(),
    );
    put(
        dev,
        WorkOrderBuilder::new()
            .number("WO-2026-01-000003")
            .customer("华东电力")
            .priority(Priority::P1)
            .at(t)
            .assigned_to("tangrong"),
    );
}

#[test]
fn a_search_finds_closed_and_cancelled_orders_by_words_engineer_status_priority_and_dates() {
    let mut dev = office();
    searchable(&mut dev);
    let find = |dev: &Device, s: OrderSearch| {
        numbers(&dev.search_orders(s).unwrap().items)
            .into_iter()
            .map(|n| n.trim_start_matches("WO-2026-01-").to_owned())
            .collect::<Vec<_>>()
    };
    let words = |q: &str| OrderSearch {
        query: q.into(),
        ..Default::default()
    };
    assert_eq!(
        find(&dev, words("")),
        ["000003", "000002", "000001"],
        "newest call first"
    );
    assert_eq!(find(&dev, words("华东")), ["000003", "000001"]);
    assert_eq!(
        find(&dev, words("sn-hd-77")),
        ["000001"],
        "a serial number, any case"
    );
    assert_eq!(find(&dev, words("000002")), ["000002"], "an order number");
    assert_eq!(
        find(&dev, words("6789 1234")),
        ["000003", "000002", "000001"],
        "phone digits"
    );
    let closed = OrderSearch {
        statuses: Some(vec![Status::Closed, Status::Cancelled]),
        ..Default::default()
    };
    assert_eq!(find(&dev, closed), ["000002", "000001"]);
    let tang_p1 = OrderSearch {
        assignee: Some("tangrong".into()),
        priorities: Some(vec![Priority::P1]),
        ..Default::default()
    };
    assert_eq!(find(&dev, tang_p1), ["000003", "000002"]);
    let monday = Day(day("2026-03-02"));
    let older = OrderSearch {
        called_to: Some(Day(monday.0.pred_opt().unwrap())),
        ..Default::default()
    };
    assert_eq!(find(&dev, older), ["000002", "000001"]);
    let that_day = OrderSearch {
        called_from: Some(monday),
        called_to: Some(monday),
        ..Default::default()
    };
    assert_eq!(find(&dev, that_day), ["000003"]);
    let backwards = OrderSearch {
        called_from: Some(monday),
        called_to: Some(Day(day("2026-02-01"))),
        ..Default::default()
    };
    assert_eq!(
        dev.search_orders(backwards).unwrap_err().code,
        ErrorCode::Invalid
    );
    // The closed order opens from the result.
    let page = dev.search_orders(words("sn-hd-77")).unwrap();
    let view = dev.get_work_order(&page.items[0].row.id).unwrap();
    assert_eq!(view.wo.status, Status::Closed);
}

#[test]
fn an_engineer_searches_only_their_own_orders() {
    let mut dev = device(Actor::new("tangrong", Role::Engineer));
    searchable(&mut dev);
    let all = dev.search_orders(OrderSearch::default()).unwrap();
    assert_eq!(all.total, 2);
    let theirs = OrderSearch {
        assignee: Some("yangjinwei".into()),
        ..Default::default()
    };
    assert_eq!(
        dev.search_orders(theirs).unwrap().total,
        2,
        "asking for another engineer still shows only their own"
    );
}

#[test]
fn the_office_edits_an_order_until_it_is_signed() {
    let mut dev = office();
    let id = put(
        &mut dev,
        WorkOrderBuilder::new()
            .assigned_to("yangjinwei")
            .reported_at(instant("2026-03-02T00:30:00Z")),
    );
    let patch = crate::ops::OrderPatch {
        priority: Some(Priority::P1),
        fault: Some("开机后报警 E42".into()),
        repair_items: Some(vec!["更换主板".into()]),
        estimate_fen: Some(350_000),
        ..Default::default()
    };
    let view = dev.update_order(&id, patch).unwrap();
    assert_eq!(view.wo.priority, Priority::P1);
    assert_eq!(view.wo.fault, "开机后报警 E42");
    let listed = dev.search_orders(OrderSearch {
        priorities: Some(vec![Priority::P1]),
        ..Default::default()
    });
    assert_eq!(listed.unwrap().total, 1, "the list row follows the edit");

    let signed = put(
        &mut dev,
        WorkOrderBuilder::new()
            .assigned_to("yangjinwei")
            .resolved()
            .signed(),
    );
    let late = crate::ops::OrderPatch {
        fault: Some("改".into()),
        ..Default::default()
    };
    let err = dev.update_order(&signed, late).unwrap_err();
    assert_eq!(err.code, ErrorCode::SignedReadOnly, "{}", err.message);
}
