//! Loaners through the facade: the pool in the settings, issuing a unit
//! to a late order and its return, the list with units out first, and the
//! refusals naming the field (unknown serial, already out, retired, order
//! closed, a unit out removed from the pool).

use chrono::Duration;

use crate::model::Ts;
use crate::ops::Actor;
use crate::rules::state::{Action, Role};
use crate::service::loaners::LoanerState;
use crate::settings::SettingsInput;
use crate::testing::{instant, loaner_pool, visit_and_sign, TempDevice, WorkOrderBuilder};

const YANG: &str = "yangjinwei";

fn office() -> Actor {
    Actor::new("office", Role::Office)
}

/// The office on 10 March 2026 with a pool of three units and two orders.
fn desk() -> (TempDevice, Vec<crate::model::DocId>) {
    let mut t = TempDevice::at(office(), instant("2026-03-10T10:00:00+08:00"));
    loaner_pool(
        &mut t,
        &[("GC-2030", "L-1"), ("GC-2030", "L-2"), ("AAS-7000", "L-3")],
    );
    let ids = (0..2)
        .map(|_| {
            let v = t
                .create_work_order(WorkOrderBuilder::new().input())
                .unwrap();
            t.assign(&v.wo.id, YANG).unwrap();
            v.wo.id
        })
        .collect();
    (t, ids)
}

#[test]
fn a_unit_is_issued_listed_out_with_its_customer_and_days_and_returned() {
    let (mut t, ids) = desk();
    let three_days_ago: Ts = instant("2026-03-07T09:00:00+08:00").into();
    let v = t
        .issue_loaner(&ids[0], "l-2", Some(three_days_ago))
        .unwrap();
    let l = v.wo.loaner.unwrap();
    assert_eq!((l.model.as_str(), l.serial.as_str()), ("GC-2030", "L-2"));
    assert_eq!(l.issued_at, three_days_ago);

    let rows = t.list_loaners().unwrap();
    assert_eq!(rows[0].serial, "L-2");
    assert_eq!(rows[0].state, LoanerState::Out);
    assert_eq!(rows[0].days_out, Some(3));
    assert_eq!(rows[0].work_order_id.as_ref(), Some(&ids[0]));
    assert_eq!(
        rows[0].customer_org.as_deref(),
        Some("重庆市农业委员会检测中心")
    );
    let states: Vec<LoanerState> = rows.iter().map(|r| r.state).collect();
    assert_eq!(
        states,
        [
            LoanerState::Out,
            LoanerState::Available,
            LoanerState::Available
        ]
    );

    let back = t.return_loaner(&ids[0], None).unwrap();
    assert!(back.wo.loaner.unwrap().returned_at.is_some());
    assert!(t
        .list_loaners()
        .unwrap()
        .iter()
        .all(|r| r.state == LoanerState::Available));
    // Back in the pool: it may go out again, on the other order.
    t.issue_loaner(&ids[1], "L-2", None).unwrap();
}

#[test]
fn bad_loaner_input_is_refused_naming_the_field() {
    let (mut t, ids) = desk();
    let e = t.issue_loaner(&ids[0], "L-404", None).unwrap_err();
    assert_eq!(e.code, "invalid");
    assert!(e.message.starts_with("serial:"), "{}", e.message);

    t.issue_loaner(&ids[0], "L-1", None).unwrap();
    let e = t.issue_loaner(&ids[1], "L-1", None).unwrap_err();
    assert!(
        e.message.starts_with("serial: L-1 is out on"),
        "{}",
        e.message
    );

    let future = (t.now() + Duration::hours(1)).into();
    let e = t.issue_loaner(&ids[1], "L-2", Some(future)).unwrap_err();
    assert!(e.message.starts_with("issued_at:"), "{}", e.message);

    // Retiring L-3; removing L-1 while it is out is refused.
    let s = t.company_settings().unwrap().settings;
    let mut pool = s.loaners.clone();
    pool[2].retired = true;
    let form = SettingsInput {
        loaners: Some(pool[1..].to_vec()),
        ..SettingsInput::from(&s)
    };
    let e = t.save_company_settings(form.clone()).unwrap_err();
    assert!(
        e.message.starts_with("loaners: L-1 is out"),
        "{}",
        e.message
    );
    t.save_company_settings(SettingsInput {
        loaners: Some(pool),
        ..form
    })
    .unwrap();
    let e = t.issue_loaner(&ids[1], "L-3", None).unwrap_err();
    assert!(
        e.message.starts_with("serial: L-3 is retired"),
        "{}",
        e.message
    );
    assert_eq!(t.list_loaners().unwrap()[2].state, LoanerState::Retired);

    // A cancelled order gets no loaner; an engineer issues none.
    t.act(&ids[1], Action::Cancel).unwrap();
    let e = t.issue_loaner(&ids[1], "L-2", None).unwrap_err();
    assert!(e.message.starts_with("work_order_id:"), "{}", e.message);
    t.device.actor = Actor::new(YANG, Role::Engineer);
    assert_eq!(
        t.issue_loaner(&ids[0], "L-2", None).unwrap_err().code,
        "forbidden"
    );
    assert_eq!(t.list_loaners().unwrap_err().code, "forbidden");
    // He sees the loaner on his order and signs it; the record keeps it.
    let signed = visit_and_sign(&mut t, &ids[0]);
    assert_eq!(signed.wo.loaner.unwrap().serial, "L-1");
}
