//! The field-level write rules against a real server, as a matrix: role ×
//! document kind × field group × create / change. Every cell is one
//! document sent over `/v1/sync` by a [`RawDevice`] of the role: accepted
//! and stored as sent, or refused `forbidden` naming the group and the
//! field, with nothing of it stored.
//!
//! The cells come from the rule table (`onsite_core::guard::table`), so a
//! new group adds cells here (and fails until it has a touch below). What
//! each cell should do is read from the table for every cell, and for the
//! cells a user would ask about, also from [`KEY_CELLS`], written by hand:
//! the table cannot vouch for itself.
//!
//! Over 500 lines on purpose: the matrix, its hand-written key cells and
//! the per-kind edits that fill it belong together (one table, one test).

use onsite_core::doc;
use onsite_core::followups::{FollowUp, Survey};
use onsite_core::guard::table::{self, May};
use onsite_core::model::{Complaint, Contract, Customer, FilingReceipt, Part, Pickup, Priority};
use onsite_core::ops::{add_note, apply_action, Actor};
use onsite_core::rules::state::Action;
use onsite_core::testing::{
    confirmation, filed, ComplaintBuilder, ContractBuilder, FollowUpBuilder, PartBuilder,
    SurveyBuilder,
};
use onsite_core::warehouse::moves::{self, MoveKind, StockMove};
use serde_json::{Map, Value};

use super::*;

const EXPERT: &str = "wangzhuanjia";
const KEEPER: &str = "kuguan";

/// Accepted (stored as sent) or refused (`forbidden`, nothing stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Stored,
    Refused,
}
use Outcome::{Refused, Stored};

/// The cells a user notices, written by hand from issue 14 and
/// `docs/sync-protocol.md`: (role, kind, group, creating, outcome), one a
/// line.
#[rustfmt::skip]
const KEY_CELLS: &[(Role, DocKind, &str, bool, Outcome)] = &[
    // An engineer moves stock (by a pickup or return of their own, listed
    // as a movement), and nothing else of a part.
    (Role::Engineer,    DocKind::Part,     "stock counters",      false, Stored),
    (Role::Engineer,    DocKind::Part,     "movements",           false, Stored),
    (Role::Engineer,    DocKind::Part,     "movements",           true,  Refused),
    (Role::Engineer,    DocKind::Part,     "retired",             false, Refused),
    (Role::Storekeeper, DocKind::Part,     "movements",           false, Stored),
    (Role::Storekeeper, DocKind::Part,     "retired",             false, Stored),
    (Role::Expert,      DocKind::Part,     "movements",           false, Refused),
    (Role::Engineer,    DocKind::Part,     "price",               false, Refused),
    (Role::Engineer,    DocKind::Part,     "identity",            false, Refused),
    (Role::Engineer,    DocKind::Part,     "low-stock threshold", false, Refused),
    (Role::Engineer,    DocKind::Part,     "price",               true,  Refused),
    // The storekeeper keeps the catalogue.
    (Role::Storekeeper, DocKind::Part,     "price",               false, Stored),
    (Role::Storekeeper, DocKind::Part,     "identity",            true,  Stored),
    (Role::Office,      DocKind::Part,     "price",               false, Stored),
    (Role::Expert,      DocKind::Part,     "stock counters",      false, Refused),
    // Work orders: the office decides, the engineer works the visit.
    (Role::Engineer,    DocKind::WorkOrder,"office fields",       false, Refused),
    (Role::Engineer,    DocKind::WorkOrder,"visit fields",        false, Stored),
    (Role::Engineer,    DocKind::WorkOrder,"status",              false, Stored),
    (Role::Engineer,    DocKind::WorkOrder,"notes",               false, Stored),
    (Role::Engineer,    DocKind::WorkOrder,"visit fields",        true,  Refused),
    (Role::Engineer,    DocKind::WorkOrder,"server fields",       false, Refused),
    (Role::Office,      DocKind::WorkOrder,"server fields",       false, Refused),
    (Role::Office,      DocKind::WorkOrder,"office fields",       false, Stored),
    (Role::Office,      DocKind::WorkOrder,"office fields",       true,  Stored),
    (Role::Expert,      DocKind::WorkOrder,"notes",               false, Stored),
    (Role::Expert,      DocKind::WorkOrder,"visit fields",        false, Refused),
    (Role::Storekeeper, DocKind::WorkOrder,"visit fields",        false, Refused),
    // Pickups: the engineer's own, confirmed by the storekeeper.
    (Role::Engineer,    DocKind::Pickup,   "quantities",          false, Stored),
    (Role::Engineer,    DocKind::Pickup,   "booking",             true,  Stored),
    (Role::Engineer,    DocKind::Pickup,   "confirmation",        false, Refused),
    (Role::Engineer,    DocKind::Pickup,   "confirmation",        true,  Refused),
    (Role::Storekeeper, DocKind::Pickup,   "confirmation",        false, Stored),
    (Role::Office,      DocKind::Pickup,   "confirmation",        false, Stored),
    (Role::Expert,      DocKind::Pickup,   "booking",             true,  Refused),
    // Customers are the office's.
    (Role::Office,      DocKind::Customer, "content",             false, Stored),
    (Role::Engineer,    DocKind::Customer, "content",             false, Refused),
    (Role::Storekeeper, DocKind::Customer, "content",             true,  Refused),
];

/// The kinds the matrix sends. The company settings and the
/// complaint-report records are one document per company or month, so
/// their (office-only) row is left to their own server tests.
const KINDS: [DocKind; 8] = [
    DocKind::WorkOrder,
    DocKind::Part,
    DocKind::Pickup,
    DocKind::Customer,
    DocKind::Contract,
    DocKind::Complaint,
    DocKind::FollowUp,
    DocKind::Survey,
];

fn user_of(role: Role) -> &'static str {
    match role {
        Role::Office => "office",
        Role::Engineer => YANG,
        Role::Storekeeper => KEEPER,
        Role::Expert => EXPERT,
    }
}

/// A fresh document of `kind` as the builders make it: a work order
/// assigned to yangjinwei with the expert asked, yangjinwei's pickup on
/// `order`, a part with stock, a customer, a contract, a complaint, the
/// follow-up of a filed order, a survey.
fn fresh(kind: DocKind, order: &DocId, n: usize) -> (DocId, AutoCommit) {
    match kind {
        DocKind::WorkOrder => {
            let mut wo = WorkOrderBuilder::new().assigned_to(YANG).build();
            wo.experts.push(EXPERT.into());
            (wo.id.clone(), doc::create(kind, &wo).unwrap())
        }
        DocKind::Part => PartBuilder::new(&format!("M-{n:04}")).stock(5).doc(),
        DocKind::Pickup => PickupBuilder::new(order, "M-0000").engineer(YANG).doc(),
        DocKind::Customer => CustomerBuilder::new(&format!("矩阵用户{n}")).doc(),
        DocKind::Contract => {
            let customer = CustomerBuilder::new("矩阵用户").build();
            ContractBuilder::new(&customer.id, &["SN-1"]).doc()
        }
        DocKind::Complaint => ComplaintBuilder::new(None, "M-0000").doc(),
        DocKind::FollowUp => {
            FollowUpBuilder::after(&filed(WorkOrderBuilder::new().assigned_to(YANG))).doc()
        }
        DocKind::Survey => SurveyBuilder::new(&CustomerBuilder::new("矩阵用户").build()).doc(),
        other => panic!("the matrix sends no {other}"),
    }
}

/// Edits the typed document of `kind` in `d`.
fn edit<T: autosurgeon::Hydrate + autosurgeon::Reconcile>(
    d: &mut AutoCommit,
    kind: DocKind,
    f: impl FnOnce(&mut T),
) {
    let mut t: T = doc::read(d, kind).unwrap();
    f(&mut t);
    doc::write(d, &t).unwrap();
}

/// Changes `group` of `d` as `who` would (a step, a note of their own
/// where the app makes one). A group without a touch here fails: add one.
fn touch(kind: DocKind, group: &str, d: &mut AutoCommit, who: &Actor) {
    let yang = Actor::new(YANG, Role::Engineer);
    match (kind, group) {
        (DocKind::WorkOrder, "server fields") => edit(d, kind, |wo: &mut WorkOrder| {
            wo.filing = Some(FilingReceipt {
                received_at: t0().into(),
                content_hash: "0".repeat(64),
                via: "sync".into(),
            })
        }),
        (DocKind::WorkOrder, "office fields") => edit(d, kind, |wo: &mut WorkOrder| {
            wo.priority = match wo.priority {
                Priority::P1 => Priority::P2,
                _ => Priority::P1,
            }
        }),
        (DocKind::WorkOrder, "status") => edit(d, kind, |wo: &mut WorkOrder| {
            let mut step = wo.clone();
            if apply_action(&mut step, Action::Respond, who, t0()).is_err() {
                step = wo.clone();
                apply_action(&mut step, Action::Respond, &yang, t0()).unwrap();
            }
            wo.status = step.status;
            wo.history = step.history;
        }),
        (DocKind::WorkOrder, "visit fields") => edit(d, kind, |wo: &mut WorkOrder| {
            wo.service.findings = format!("{} 查过", who.name)
        }),
        (DocKind::WorkOrder, "planned visit") => edit(d, kind, |wo: &mut WorkOrder| {
            wo.planned = Some(onsite_core::model::PlannedVisit {
                contract_id: DocId::with_suffix(DocKind::Contract, "matrix"),
                period_start: onsite_core::model::Day(t0().date_naive()),
                period_end: onsite_core::model::Day(t0().date_naive()),
            })
        }),
        (DocKind::WorkOrder, "checklist") => edit(d, kind, |wo: &mut WorkOrder| {
            wo.checklist.push(onsite_core::model::CheckItem {
                text: format!("{} 查过", who.name),
                done: true,
            })
        }),
        (DocKind::WorkOrder, "sign-off") => edit(d, kind, |wo: &mut WorkOrder| {
            let mut signed = wo.clone();
            sign_off(&mut signed, t0());
            *wo = signed;
        }),
        (DocKind::WorkOrder, "photos") => edit(d, kind, |wo: &mut WorkOrder| {
            wo.photos.push(onsite_core::photos::Photo {
                hash: "a".repeat(64),
                thumb: "b".repeat(64),
                kind: onsite_core::photos::PhotoKind::Fault,
                caption: format!("{} 拍的", who.name),
                width: 2048,
                height: 1536,
                bytes: 400_000,
                taken_at: t0().into(),
                by: who.name.clone(),
            })
        }),
        (DocKind::WorkOrder, "notes") => edit(d, kind, |wo: &mut WorkOrder| {
            if add_note(wo, "矩阵", who, t0()).is_err() {
                add_note(wo, "矩阵", &yang, t0()).unwrap();
            }
        }),
        (DocKind::Part, "identity") => {
            edit(d, kind, |p: &mut Part| p.name = format!("{} 改", p.name))
        }
        (DocKind::Part, "price") => edit(d, kind, |p: &mut Part| p.unit_cost_fen += 100),
        (DocKind::Part, "low-stock threshold") => {
            edit(d, kind, |p: &mut Part| p.low_threshold += 1)
        }
        (DocKind::Part, "retired") => edit(d, kind, |p: &mut Part| p.retired = !p.retired),
        // A pickup as the app records it: the counter and its movement.
        (DocKind::Part, "stock counters" | "movements") => {
            let m = StockMove::new(MoveKind::Pickup, "main", -1, &who.name, t0().into());
            moves::record(d, &m).unwrap()
        }
        (DocKind::Pickup, "booking") => edit(d, kind, |p: &mut Pickup| p.picked_at = t0().into()),
        (DocKind::Pickup, "quantities") => edit(d, kind, |p: &mut Pickup| p.used += 1),
        (DocKind::Pickup, "confirmation") => edit(d, kind, |p: &mut Pickup| {
            p.confirmed = Some(confirmation(&who.name, p.qty))
        }),
        (DocKind::Customer, "content") => {
            edit(d, kind, |c: &mut Customer| c.org = format!("{} 改", c.org))
        }
        (DocKind::Contract, "content") => edit(d, kind, |c: &mut Contract| {
            c.number = format!("{} 改", c.number)
        }),
        (DocKind::Complaint, "content") => edit(d, kind, |c: &mut Complaint| {
            c.order_no = format!("{} 改", c.order_no)
        }),
        (DocKind::FollowUp, "content") => edit(d, kind, |f: &mut FollowUp| {
            f.created_by = format!("{} 改", f.created_by)
        }),
        (DocKind::Survey, "content") => {
            edit(d, kind, |v: &mut Survey| v.org = format!("{} 改", v.org))
        }
        (k, g) => panic!("no touch for {k} / {g}: add one to the matrix"),
    }
    d.commit();
}

/// A document's top-level fields as the table compares them.
fn fields(kind: DocKind, d: &AutoCommit) -> Map<String, Value> {
    let v = match kind {
        DocKind::WorkOrder => serde_json::to_value(doc::read::<WorkOrder, _>(d, kind).unwrap()),
        DocKind::Part => serde_json::to_value(doc::read::<Part, _>(d, kind).unwrap()),
        DocKind::Pickup => serde_json::to_value(doc::read::<Pickup, _>(d, kind).unwrap()),
        DocKind::Customer => serde_json::to_value(doc::read::<Customer, _>(d, kind).unwrap()),
        DocKind::Contract => serde_json::to_value(doc::read::<Contract, _>(d, kind).unwrap()),
        DocKind::Complaint => serde_json::to_value(doc::read::<Complaint, _>(d, kind).unwrap()),
        DocKind::FollowUp => serde_json::to_value(doc::read::<FollowUp, _>(d, kind).unwrap()),
        DocKind::Survey => serde_json::to_value(doc::read::<Survey, _>(d, kind).unwrap()),
        other => panic!("the matrix sends no {other}"),
    };
    let Ok(Value::Object(mut m)) = v else {
        panic!("a map")
    };
    if kind == DocKind::Part {
        m.insert(
            "stock".into(),
            serde_json::to_value(doc::read_stock(d)).unwrap(),
        );
        m.insert(
            moves::MOVES.into(),
            serde_json::to_value(moves::read(d)).unwrap(),
        );
    }
    m
}

/// What the table says of a change from `before` (`None`: a creation) to
/// `after` by `role`: stored when every group it touches is allowed or
/// conditional (the touches meet the conditions), else refused naming the
/// first refused group.
fn by_the_table(
    role: Role,
    kind: DocKind,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
) -> (Outcome, Option<&'static str>) {
    let creating = before.is_none();
    let b = before.map(|d| fields(kind, d));
    let a = fields(kind, after);
    let allowed = match creating {
        true => table::may_create(role, kind),
        false => table::may_change(role, kind),
    };
    if !allowed {
        return (Refused, None);
    }
    for g in table::groups(kind) {
        if g.may(role, creating) == May::No && g.touched(b.as_ref(), &a).is_some() {
            return (Refused, Some(g.name));
        }
    }
    (Stored, None)
}

/// One cell: who, which document, which group, create or change.
struct Cell {
    role: Role,
    kind: DocKind,
    group: &'static str,
    creating: bool,
    id: DocId,
    /// The stored heads before (`None`: a creation).
    base: Option<Vec<automerge::ChangeHash>>,
    want: Outcome,
    names: Option<&'static str>,
}

#[tokio::test]
async fn every_role_writes_exactly_the_field_groups_the_table_gives_it() {
    let s = server().await;
    let roles = table::ROLES;
    let mut devices: Vec<RawDevice> = roles
        .iter()
        .map(|r| s.raw_device(user_of(*r), *r))
        .collect();

    // yangjinwei's order the pickups are booked on.
    let (order, mut od) = WorkOrderBuilder::new().assigned_to(YANG).doc();
    s.seed(&order, &mut od);

    let mut cells = Vec::new();
    let mut n = 1;
    for (ri, role) in roles.iter().enumerate() {
        let who = Actor::new(user_of(*role), *role);
        for kind in KINDS {
            for g in table::groups(kind) {
                for creating in [false, true] {
                    let (id, mut d) = fresh(kind, &order, n);
                    n += 1;
                    let before = match creating {
                        false => {
                            s.seed(&id, &mut d.clone());
                            Some(d.clone())
                        }
                        true => None,
                    };
                    let dev = &mut devices[ri];
                    if creating {
                        // Made on the device: its creation is the device's.
                        s.adopt(dev, &id, d.clone());
                    }
                    d.set_actor(dev.actor.clone());
                    touch(kind, g.name, &mut d, &who);
                    let (want, names) = by_the_table(*role, kind, before.as_ref(), &d);
                    dev.docs.insert(id.to_string(), d);
                    dev.dirty.insert(id.to_string());
                    cells.push(Cell {
                        role: *role,
                        kind,
                        group: g.name,
                        creating,
                        base: before.as_ref().map(|b| b.clone().get_heads()),
                        id,
                        want,
                        names,
                    });
                }
            }
        }
    }

    // The hand-written cells agree with the table.
    for (role, kind, group, creating, outcome) in KEY_CELLS {
        let c = cells
            .iter()
            .find(|c| {
                c.role == *role && c.kind == *kind && c.group == *group && c.creating == *creating
            })
            .unwrap_or_else(|| panic!("no cell {role} {kind} {group} {creating}"));
        assert_eq!(
            c.want, *outcome,
            "the table and the hand-written cell {role} {kind} {group} (creating: {creating})"
        );
    }

    let mut reports = Vec::new();
    for dev in devices.iter_mut() {
        let sent: Vec<(String, Vec<automerge::ChangeHash>)> = dev
            .dirty
            .clone()
            .into_iter()
            .map(|id| {
                let heads = dev.docs.get_mut(&id).unwrap().get_heads();
                (id, heads)
            })
            .collect();
        let report = dev.sync().await;
        reports.push((report, sent));
    }

    let mut failures = Vec::new();
    for c in &cells {
        let ri = roles.iter().position(|r| *r == c.role).unwrap();
        let (report, sent) = &reports[ri];
        let id = c.id.to_string();
        let code = report
            .errors
            .iter()
            .find(|(d, _)| *d == id)
            .map(|(_, c)| c.as_str());
        let got = match code {
            None => Stored,
            Some("forbidden") => Refused,
            Some(other) => {
                failures.push(format!(
                    "{} {} {} {}: {other}",
                    c.role, c.kind, c.group, c.creating
                ));
                continue;
            }
        };
        let stored = s.heads(&id);
        let mine = &sent.iter().find(|(d, _)| *d == id).unwrap().1;
        let cell = format!(
            "{} {} {} ({}): ",
            c.role,
            c.kind,
            c.group,
            if c.creating { "create" } else { "change" }
        );
        if got != c.want {
            failures.push(format!(
                "{cell}want {:?}, got {got:?} {:?}",
                c.want,
                report.messages.get(&id)
            ));
            continue;
        }
        match got {
            Stored => {
                // The server may add its own change (a signed order's
                // filing receipt): everything sent is in what it stores.
                let held = s.load(&id);
                let has_all = held
                    .is_some_and(|mut d| mine.iter().all(|h| d.get_change_by_hash(h).is_some()));
                if !has_all {
                    failures.push(format!("{cell}accepted but not stored as sent"));
                }
            }
            Refused => {
                let untouched = stored == c.base;
                if !untouched {
                    failures.push(format!("{cell}refused but stored"));
                }
                let msg = &report.messages[&id];
                if let Some(group) = c.names {
                    if !msg.contains(&format!("'s {group} (")) {
                        failures.push(format!("{cell}the refusal does not name {group}: {msg}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells of {}:\n{}",
        failures.len(),
        cells.len(),
        failures.join("\n")
    );
    s.stop().await;
}

#[tokio::test]
async fn an_engineers_hand_made_automerge_change_to_a_price_is_refused() {
    let s = server().await;
    let mut keeper = s.raw_device(KEEPER, Role::Storekeeper);
    let (id, d) = PartBuilder::new("P-700").prices(1200, 2000).stock(5).doc();
    s.adopt(&mut keeper, &id, d);
    assert!(keeper.sync().await.errors.is_empty());
    let mut yang = s.raw_device(YANG, Role::Engineer);
    yang.sync().await;
    assert!(yang.holds(id.as_str()), "every part reaches an engineer");
    let mut before = s.load(id.as_str()).unwrap();
    let snapshot = s.db_snapshot();

    // A legitimate pickup and, in the same change, a raw put on the cost.
    let pickup = |d: &mut AutoCommit, by: &str, kind: MoveKind, qty: i64| {
        let m = StockMove::new(kind, "main", qty, by, t0().into());
        moves::record(d, &m).unwrap();
    };
    yang.edit_raw(id.as_str(), |d| {
        use automerge::transaction::Transactable;
        pickup(d, YANG, MoveKind::Pickup, -1);
        d.put(automerge::ROOT, "unit_cost_fen", 1_i64).unwrap();
    });
    let r = yang.sync().await;
    r.assert_refused(&[&id], "forbidden");
    assert_eq!(
        r.messages[id.as_str()],
        "an engineer may not change a part's price (unit_cost_fen)"
    );
    assert_eq!(s.db_snapshot(), snapshot, "nothing of it stored");
    let mut stored = s.load(id.as_str()).unwrap();
    let part: Part = doc::read(&stored, DocKind::Part).unwrap();
    assert_eq!(part.unit_cost_fen, 1200);
    assert_eq!(doc::read_stock(&stored)["main"], 5);
    assert_eq!(stored.get_heads(), before.get_heads());

    // A counter moved without its movement, more than the movement says,
    // or by a goods receipt, is refused the same way.
    type Change = Box<dyn Fn(&mut AutoCommit)>;
    let refused: [(&str, Change); 3] = [
        (
            "main: changed by -1, movements say 0",
            Box::new(|d| doc::adjust_stock(d, "main", -1).unwrap()),
        ),
        (
            "main: changed by -3, movements say -1",
            Box::new(move |d| {
                pickup(d, YANG, MoveKind::Pickup, -1);
                doc::adjust_stock(d, "main", -2).unwrap();
            }),
        ),
        (
            "not a received of 5",
            Box::new(move |d| pickup(d, YANG, MoveKind::Received, 5)),
        ),
    ];
    for (says, change) in refused {
        let mut dev = s.raw_device(YANG, Role::Engineer);
        dev.sync().await;
        dev.edit_raw(id.as_str(), |d| change(d));
        let r = dev.sync().await;
        r.assert_refused(&[&id], "forbidden");
        assert!(
            r.messages[id.as_str()].contains(says),
            "{}",
            r.messages[id.as_str()]
        );
        assert_eq!(s.db_snapshot(), snapshot, "nothing of it stored");
    }

    // The pickup alone goes through, listed.
    let mut fresh = s.raw_device(YANG, Role::Engineer);
    fresh.sync().await;
    fresh.edit_raw(id.as_str(), |d| pickup(d, YANG, MoveKind::Pickup, -1));
    assert!(fresh.sync().await.errors.is_empty());
    let stored = s.load(id.as_str()).unwrap();
    assert_eq!(doc::read_stock(&stored)["main"], 4);
    assert_eq!(moves::read(&stored).len(), 1);
    s.stop().await;
}
