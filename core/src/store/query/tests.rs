//! The list queries on a store filled through the projection.

use super::*;
use crate::rules::Status;
use crate::testing::samples::*;

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for (suffix, who, status) in [
        ("a", "zhang", Status::Assigned),
        ("b", "li", Status::Assigned),
        ("c", "zhang", Status::Closed),
        ("d", "zhang", Status::Responded),
    ] {
        let mut wo = work_order(suffix, Some(who));
        wo.status = status;
        if status == Status::Responded {
            // Responded: its next deadline is the on-site one, later
            // than the others' response deadline.
            wo.timeline.responded_at = Some(at("2026-03-02T01:10:00Z"));
        }
        let mut d = crate::doc::create(DocKind::WorkOrder, &wo).unwrap();
        s.create_doc_merging(&wo.id, &mut d).unwrap();
    }
    s
}

fn ids(rows: Vec<WoRow>) -> Vec<String> {
    rows.into_iter().map(|r| r.id.to_string()).collect()
}

#[test]
fn work_orders_filter_by_assignee_status_and_openness_earliest_deadline_first() {
    let s = store();
    let all = s.list_work_orders(&WoFilter::default()).unwrap();
    assert_eq!(ids(all), ["wo:a", "wo:b", "wo:d", "wo:c"]);
    let mine = WoFilter {
        assignee: Some("zhang".into()),
        open_only: true,
        ..Default::default()
    };
    assert_eq!(ids(s.list_work_orders(&mine).unwrap()), ["wo:a", "wo:d"]);
    let closed = WoFilter {
        statuses: Some(vec![Status::Closed, Status::Cancelled]),
        ..Default::default()
    };
    assert_eq!(ids(s.list_work_orders(&closed).unwrap()), ["wo:c"]);
    let none = WoFilter {
        statuses: Some(vec![]),
        ..Default::default()
    };
    assert!(s.list_work_orders(&none).unwrap().is_empty());
    let one = WoFilter {
        page: Paging::first(1),
        ..Default::default()
    };
    assert_eq!(s.list_work_orders(&one).unwrap().len(), 1);
}

#[test]
fn pages_follow_the_list_order_and_the_count_ignores_the_page() {
    let s = store();
    let all = ids(s.list_work_orders(&WoFilter::default()).unwrap());
    let page = |limit, offset| {
        ids(s
            .list_work_orders(&WoFilter {
                page: Paging { limit, offset },
                ..Default::default()
            })
            .unwrap())
    };
    let mut paged = page(Some(3), None);
    paged.extend(page(Some(3), Some(3)));
    assert_eq!(paged, all, "page after page gives the whole list once");
    assert_eq!(page(None, Some(1)), all[1..], "an offset alone skips");
    assert!(page(Some(3), Some(40)).is_empty(), "past the end: nothing");
    let mine = WoFilter {
        assignee: Some("zhang".into()),
        open_only: true,
        page: Paging::at(1, 1),
        ..Default::default()
    };
    assert_eq!(ids(s.list_work_orders(&mine).unwrap()), ["wo:d"]);
    assert_eq!(s.count_work_orders(&mine).unwrap(), 2);
    assert_eq!(s.count_work_orders(&WoFilter::default()).unwrap(), 4);
    let none = WoFilter {
        statuses: Some(vec![]),
        ..Default::default()
    };
    assert_eq!(s.count_work_orders(&none).unwrap(), 0);
}

/// Issue 10: the unassigned P1 sat fourth on the board, below a paused
/// P2 and a P4.
#[test]
fn unassigned_then_most_urgent_then_active_before_paused() {
    use crate::model::Priority;
    use crate::rules::state::Action;
    use crate::testing::WorkOrderBuilder;
    let mut s = Store::open_in_memory().unwrap();
    let responded = [Action::Respond];
    let orders = [
        // Created first: its deadlines come earliest.
        (
            "paused-p2",
            Priority::P2,
            Some("yang"),
            &[Action::Respond, Action::Hold][..],
        ),
        ("p4", Priority::P4, Some("yang"), &responded[..]),
        ("active-p2", Priority::P2, Some("tang"), &responded[..]),
        ("unassigned-p3", Priority::P3, None, &[][..]),
        ("unassigned-p1", Priority::P1, None, &[][..]),
        ("assigned-p1", Priority::P1, Some("tang"), &[][..]),
    ];
    for (i, (suffix, prio, who, actions)) in orders.into_iter().enumerate() {
        let (id, mut d) = WorkOrderBuilder::new()
            .id_suffix(suffix)
            .priority(prio)
            .at(crate::testing::monday_morning() + chrono::Duration::minutes(i as i64))
            .maybe_assigned_to(who)
            .actions(actions)
            .doc();
        s.create_doc_merging(&id, &mut d).unwrap();
    }
    let board = ids(s.list_work_orders(&WoFilter::default()).unwrap());
    assert_eq!(
        board,
        [
            "wo:unassigned-p1",
            "wo:unassigned-p3",
            "wo:assigned-p1",
            "wo:active-p2",
            "wo:paused-p2",
            "wo:p4"
        ]
    );
}

#[test]
fn a_bad_projection_value_is_a_typed_error() {
    let s = store();
    s.conn
        .execute("UPDATE wo_list SET status = 'lost'", [])
        .unwrap();
    let err = s.list_work_orders(&WoFilter::default()).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::BadRow {
                table: "wo_list",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn pickups_filter_by_work_order_and_engineer() {
    let mut s = store();
    let wo = DocId::with_suffix(DocKind::WorkOrder, "a");
    let (id, mut d) = pickup_doc("p1", &wo, "P-1", 1);
    s.create_doc_merging(&id, &mut d).unwrap();
    assert_eq!(s.list_pickups(Some(&wo), Some("zhang")).unwrap().len(), 1);
    assert!(s.list_pickups(None, Some("li")).unwrap().is_empty());
    let other = DocId::with_suffix(DocKind::WorkOrder, "b");
    assert!(s.list_pickups(Some(&other), None).unwrap().is_empty());
    assert_eq!(s.doc_ids(DocKind::Pickup).unwrap(), vec![id]);
}
