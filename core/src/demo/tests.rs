//! The demo data as the office's screens show it: complaints at their
//! steps, the month's report with a rate, open and recorded follow-ups,
//! the surveys and visits due. The sync server's filing (which only the
//! server writes) is played here by [`ops::record_filing`] on the device's
//! signed orders, between the seeding and the closing.

use chrono::{DateTime, Utc};

use super::SeedDemo;
use crate::complaints::{ComplaintFilter, ComplaintStage};
use crate::followups::{DueFilter, FollowUpFilter, FollowUpOrigin, FollowUpOutcome};
use crate::model::{ComplaintClass, DocKind, WorkOrder};
use crate::ops::Actor;
use crate::rules::state::{Role, Status};
use crate::rules::yearly::YearlyDue;
use crate::service::WoFilter;
use crate::testing::{instant, TempDevice};

/// Tuesday 10 March 2026, 09:00 in Shanghai: last month is February.
fn now() -> DateTime<Utc> {
    instant("2026-03-10T09:00:00+08:00")
}

/// The office's device with the demo, its signed orders filed as the sync
/// server files them on their first sync.
fn seeded_and_filed() -> TempDevice {
    TempDevice::demo_filed(now())
}

fn count(dev: &TempDevice, status: Status) -> usize {
    dev.list_work_orders(WoFilter {
        statuses: Some(vec![status]),
        ..Default::default()
    })
    .unwrap()
    .len()
}

#[test]
fn demo_signed_orders_wait_for_the_servers_filing_before_the_office_closes_them() {
    let mut dev = TempDevice::at(Actor::new("office", Role::Office), now());
    let s = dev.seed_demo(now()).unwrap();
    assert_eq!(
        s.work_orders, 21,
        "20 and the running contract's planned visit"
    );
    assert_eq!(
        count(&dev, Status::Signed),
        9,
        "eight to close and the open orders' one"
    );
    assert_eq!(
        dev.close_demo_orders(now()).unwrap(),
        0,
        "nothing is filed yet"
    );

    let mut dev = seeded_and_filed();
    assert_eq!(dev.close_demo_orders(now()).unwrap(), 8);
    assert_eq!(count(&dev, Status::Closed), 8);
    assert_eq!(
        count(&dev, Status::Filed),
        1,
        "the open orders' signed record stays filed"
    );
    assert_eq!(dev.close_demo_orders(now()).unwrap(), 0, "closed once");
}

#[test]
fn demo_complaints_stand_at_different_steps() {
    let dev = seeded_and_filed();
    let open = dev
        .complaint_page(ComplaintFilter {
            open_only: true,
            ..Default::default()
        })
        .unwrap();
    let stages: Vec<_> = open.items.iter().map(|i| i.row.stage).collect();
    assert_eq!(
        stages,
        [
            ComplaintStage::Confirm,
            ComplaintStage::Analyse,
            ComplaintStage::Track
        ]
    );
    let not_ours = &open.items[2];
    assert!(not_ours.row.not_ours);
    assert_eq!(not_ours.row.class, ComplaintClass::NonQualityHuman);
    let view = dev.get_complaint(&not_ours.row.id).unwrap();
    assert!(view
        .complaint
        .not_ours
        .unwrap()
        .explanation
        .contains("额定寿命"));
    assert!(
        open.items[0].age_days >= 7,
        "the unconfirmed one has waited"
    );

    let all = dev.complaint_page(ComplaintFilter::default()).unwrap();
    let closed = all
        .items
        .iter()
        .find(|i| i.row.stage == ComplaintStage::Closed)
        .expect("a closed complaint");
    let view = dev.get_complaint(&closed.row.id).unwrap();
    assert_eq!(view.complaint.steps.len(), 4);
    assert!(
        view.work_order_number.is_some(),
        "linked to the order it is about"
    );
    assert_eq!(
        view.customer_org.as_deref(),
        Some("成都市食品药品检验研究院")
    );
}

#[test]
fn demo_complaint_report_of_last_month_has_a_rate_and_this_month_too() {
    let mut dev = seeded_and_filed();
    dev.close_demo_orders(now()).unwrap();
    let feb = dev.complaint_report(None).unwrap();
    assert_eq!((feb.year, feb.month), (2026, 2));
    assert_eq!((feb.total, feb.not_ours, feb.closed_orders), (3, 1, 6));
    assert!(
        feb.by_class.iter().all(|c| c.count == 1),
        "{:?}",
        feb.by_class
    );
    assert_eq!(feb.rate, Some(0.5));
    let mar = dev.complaint_report(Some((2026, 3))).unwrap();
    assert_eq!((mar.total, mar.closed_orders), (1, 2));
    assert_eq!(mar.rate, Some(0.5));
}

#[test]
fn demo_follow_ups_are_open_and_recorded_and_customers_are_due() {
    let mut dev = seeded_and_filed();
    dev.close_demo_orders(now()).unwrap();
    let open = dev.follow_up_page(FollowUpFilter::default()).unwrap();
    assert_eq!(
        open.total, 5,
        "four closed orders not called yet and a planned visit"
    );
    assert!(
        open.items.iter().any(|i| i.age_days >= 14),
        "one waits for weeks"
    );
    assert!(open
        .items
        .iter()
        .any(|i| i.follow_up.origin == FollowUpOrigin::PlannedVisit));
    let done = dev
        .follow_up_page(FollowUpFilter {
            recorded: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(done.total, 4);
    assert!(done
        .items
        .iter()
        .any(|i| i.follow_up.record.as_ref().unwrap().outcome == FollowUpOutcome::NeedsAction));

    let surveys = dev.survey_due_page(DueFilter::default()).unwrap();
    let orgs: Vec<_> = surveys.items.iter().map(|i| i.org.as_str()).collect();
    assert_eq!(surveys.total, 5, "{orgs:?}");
    assert!(matches!(surveys.items[0].due, YearlyDue::Never));
    assert!(surveys
        .items
        .iter()
        .any(|i| matches!(i.due, YearlyDue::Overdue { .. })));
    assert!(surveys
        .items
        .iter()
        .any(|i| matches!(i.due, YearlyDue::DueIn { .. })));
    let visits = dev.visit_due_page(DueFilter::default()).unwrap();
    let due: Vec<_> = visits
        .items
        .iter()
        .map(|i| (i.org.as_str(), i.due, i.planned_on.is_some()))
        .collect();
    assert_eq!(visits.total, 2, "{due:?}");
    assert!(matches!(
        due[0],
        ("云南省产品质量监督检验研究院", YearlyDue::Never, true)
    ));
    assert!(matches!(
        due[1],
        ("内蒙古自治区农牧业科学院", YearlyDue::Overdue { .. }, false)
    ));
}

#[test]
fn demo_stock_is_kept_in_two_warehouses_with_the_torch_pickup_listed() {
    let mut dev = TempDevice::at(Actor::new("store1", Role::Storekeeper), now());
    dev.seed_demo(now()).unwrap();
    let names: Vec<String> = dev
        .warehouses()
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["总库", "分库"]);
    let branch = dev.list_stock(Some("branch".into())).unwrap();
    assert_eq!(branch.len(), 10);
    assert!(branch.iter().any(|r| r.qty > 0));
    let torch = crate::model::DocId::with_suffix(DocKind::Part, "ICP-TORCH");
    let view = dev.part_view(&torch).unwrap();
    assert_eq!(
        view.stock.iter().map(|s| s.qty).collect::<Vec<_>>(),
        [-1, 0]
    );
    assert_eq!(view.moves.len(), 1);
    assert_eq!(view.moves[0].qty, -2);
    assert_eq!(dev.awaiting_confirmation().unwrap().len(), 1);
}

#[test]
fn demo_contracts_loaners_and_the_planned_visit_on_the_board() {
    use crate::contracts::ContractState;
    use crate::service::loaners::LoanerState;
    let dev = seeded_and_filed();
    let contracts = dev.list_contracts(None, None).unwrap();
    let states: Vec<ContractState> = contracts.iter().map(|k| k.state).collect();
    assert!(states.contains(&ContractState::Active), "{states:?}");
    assert!(states.contains(&ContractState::EndingSoon), "{states:?}");

    // The active contract's next planned visit is on the office board,
    // unassigned; planning again creates nothing.
    let board = dev.list_work_orders(WoFilter::default()).unwrap();
    let planned: Vec<WorkOrder> = board
        .iter()
        .map(|i| dev.get_work_order(&i.row.id).unwrap().wo)
        .filter(|wo| wo.planned.is_some())
        .collect();
    let active = contracts
        .iter()
        .find(|k| k.state == ContractState::Active)
        .unwrap();
    let visit = planned
        .iter()
        .find(|wo| wo.contract_id.as_ref() == Some(&active.id))
        .expect("the active contract's planned visit");
    assert_eq!(visit.assignee, None);
    assert_eq!(visit.checklist.len(), crate::contracts::CHECKLIST.len());
    let mut again = dev;
    assert!(again.plan_visits().unwrap().created.is_empty());

    // Three loaner units, one out on an older order; a late repair prompts.
    let units = again.list_loaners().unwrap();
    let states: Vec<LoanerState> = units.iter().map(|u| u.state).collect();
    assert_eq!(
        states,
        [
            LoanerState::Out,
            LoanerState::Available,
            LoanerState::Available
        ]
    );
    assert!(units[0].days_out.unwrap() >= 1);
    let board = again.list_work_orders(WoFilter::default()).unwrap();
    assert!(
        board.iter().any(|i| i.sla.loaner_prompt),
        "a late repair shows the loaner prompt"
    );
}

#[test]
fn demo_signed_orders_used_parts_from_both_warehouses_and_charged_them() {
    use std::collections::BTreeSet;

    use crate::rules::charges::{ChargeKind, Charges};
    use crate::rules::complaints::month_of;
    use crate::warehouse::moves;

    let dev = seeded_and_filed();
    let tz = dev.cfg().tz;
    let pickups = dev.store.list_pickups(None, None).unwrap();
    let used: Vec<_> = pickups.iter().filter(|p| p.used > 0).collect();
    assert!(used.len() >= 4, "{used:?}");
    let field = |f: fn(&crate::store::PickupRow) -> String| -> BTreeSet<String> {
        used.iter().map(|p| f(p)).collect()
    };
    assert_eq!(
        field(|p| p.warehouse.clone()),
        BTreeSet::from(["branch".to_string(), "main".to_string()])
    );
    assert!(field(|p| p.part_no.clone()).len() >= 3);
    let months: BTreeSet<(i32, u32)> = used.iter().map(|p| month_of(p.picked_at.0, tz)).collect();
    assert_eq!(months, BTreeSet::from([(2026, 2), (2026, 3)]));
    for p in &used {
        assert_eq!((p.used, p.returned), (p.qty, 0), "all used: {p:?}");
        // The stock moved: the pickup's movement is on the part document.
        let am = dev.store.load(&p.part_id).unwrap().unwrap();
        let m = moves::read(&am)
            .into_iter()
            .find(|m| m.pickup_id.as_ref() == Some(&p.id))
            .expect("the pickup's movement");
        assert_eq!(
            (m.qty, m.warehouse.as_str()),
            (-p.qty, p.warehouse.as_str())
        );
    }

    // Every signed order with parts used charges them on its signed record.
    let mut with_parts = 0;
    for status in [Status::Signed, Status::Filed] {
        for item in dev
            .list_work_orders(WoFilter {
                statuses: Some(vec![status]),
                ..Default::default()
            })
            .unwrap()
        {
            let wo = dev.get_work_order(&item.row.id).unwrap().wo;
            let picked: Vec<_> = used.iter().filter(|p| p.work_order_id == wo.id).collect();
            assert_eq!(picked.len(), wo.parts_used.len(), "{}", wo.number);
            if wo.parts_used.is_empty() {
                continue;
            }
            with_parts += 1;
            let charges: Charges =
                serde_json::from_str(&wo.signoff.as_ref().unwrap().charges_json).unwrap();
            for u in &wo.parts_used {
                let line = charges
                    .lines
                    .iter()
                    .find(|l| l.kind == ChargeKind::Part && l.description.starts_with(&u.part_no))
                    .unwrap_or_else(|| panic!("{}: no line for {}", wo.number, u.part_no));
                assert_eq!(line.qty, u.qty, "{}", wo.number);
            }
        }
    }
    assert_eq!(with_parts, used.len(), "one pickup each");
}

#[test]
fn every_seeded_change_is_the_office_devices_or_a_planned_visits() {
    // So the history can answer "who changed this" for any demo order:
    // each change is the office device's (at its clock, in ms) or the
    // derived creation of a planned visit (time 0, identical everywhere).
    let mut dev = seeded_and_filed();
    dev.close_demo_orders(now()).unwrap();
    let actor = dev.store.actor().clone();
    let mut planned = 0;
    let mut own = 0;
    for kind in DocKind::ALL {
        for id in dev.store.doc_ids(kind).unwrap() {
            let mut d = dev.store.load(&id).unwrap().unwrap();
            for c in d.get_changes_meta(&[]) {
                if c.actor.as_ref() == &actor {
                    assert_eq!(c.timestamp, now().timestamp_millis(), "{id}");
                    own += 1;
                } else {
                    assert_eq!(
                        c.actor.as_ref(),
                        &crate::contracts::ops::planned_actor(&id),
                        "{id}: a change of another actor"
                    );
                    assert_eq!(c.timestamp, 0, "{id}: a planned creation");
                    planned += 1;
                }
            }
        }
    }
    assert!(own > 50, "{own}");
    assert_eq!(planned, 1, "the running contract's planned visit");
}

/// The text of every seeded document (its whole JSON), in sorted order,
/// what is new at each seeding blanked: the ULIDs and the signed records'
/// content hashes (which hash them).
fn seeded_documents(dev: &TempDevice) -> String {
    let mut docs = Vec::new();
    for kind in DocKind::ALL {
        for id in dev.store.doc_ids(kind).unwrap() {
            let d = dev.store.load(&id).unwrap().unwrap();
            let tree = automerge::ReadDoc::hydrate(&d, automerge::ROOT, None).unwrap();
            let json = crate::doc::fast_read::to_json(&tree).unwrap();
            docs.push(blank_new(&json.to_string()));
        }
    }
    docs.sort();
    docs.join("\n")
}

/// `s` with each ULID (a run of exactly 26 capitals and digits) as `ULID`
/// and each SHA-256 (a run of 64 lower-case hex digits) as `HASH`.
fn blank_new(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for ch in s.chars().chain(std::iter::once('\0')) {
        if ch.is_ascii_alphanumeric() {
            run.push(ch);
            continue;
        }
        let ulid = run.len() == 26 && !run.chars().any(|c| c.is_ascii_lowercase());
        let hash = run.len() == 64 && run.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'));
        out.push_str(match () {
            _ if ulid => "ULID",
            _ if hash => "HASH",
            _ => &run,
        });
        run.clear();
        if ch != '\0' {
            out.push(ch);
        }
    }
    out
}

/// The digest of [`seeded_documents`] for the demo seeded at [`now`],
/// filed and closed: a change to the demo's tables shows here.
const SEEDED_DIGEST: &str = "931e9b05dbd7daf745f25ac831ce32c19b285ca4cc0044ec6f0cea7c3e9cb12f";

#[test]
fn the_demo_seeds_the_same_documents() {
    use sha2::{Digest, Sha256};
    let mut dev = seeded_and_filed();
    dev.close_demo_orders(now()).unwrap();
    let text = seeded_documents(&dev);
    let digest = hex::encode(Sha256::digest(text.as_bytes()));
    assert_eq!(
        digest, SEEDED_DIGEST,
        "the demo's documents changed; if on purpose, set SEEDED_DIGEST to the digest"
    );
}
