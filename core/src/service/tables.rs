//! The domain tables the UI needs, built from the rules so that no screen
//! (nor the browser tests' fake backend) writes a status or action list by
//! hand: every status, action, role, priority and list section in display
//! order; the named sets of statuses the screens filter by; the state
//! machine's transitions; the buttons each role is offered in each status;
//! how each action is offered; and whose action each is (the engineer's or
//! the office's), so that each role sees its own actions first.
//!
//! [`domain_tables`] builds them from [`crate::rules::state`] and
//! [`WoGroup`]. They are data, not a command: the `export_bindings` test run
//! that writes the TypeScript types (`cargo test -p onsite-core --lib
//! export_bindings`) also writes them as `domain-tables.json` beside the
//! types (`ui/src/bindings/`), typed by the generated `DomainTables`.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::derive::{Precondition, PRECONDITIONS};
use super::views::WoGroup;
use crate::model::Priority;
use crate::rules::state::{
    allowed_actions, offered_actions, transition, Action, ButtonKind, Role, Status,
};

/// Everything [`domain_tables`] gives the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DomainTables {
    /// Every status, in lifecycle (display) order.
    pub statuses: Vec<Status>,
    /// Every action, in lifecycle order (the order buttons appear in).
    pub actions: Vec<Action>,
    /// Every role.
    pub roles: Vec<Role>,
    /// Every priority, most urgent first.
    pub priorities: Vec<Priority>,
    /// The engineer's list sections, in display order.
    pub groups: Vec<WoGroup>,
    /// The named sets of statuses the screens filter by.
    pub sets: StatusSets,
    /// The section a status alone decides ([`WoGroup::of_status`]); a
    /// status missing here is sectioned by its clocks (act now when one is
    /// due soon or late, else open).
    pub status_groups: BTreeMap<Status, WoGroup>,
    /// The state machine: every legal (status, action) pair and where it
    /// leads.
    pub transitions: Vec<Transition>,
    /// The buttons each role is offered in each status, as the work-order
    /// view's `allowed_actions` computes them for an order the user may act
    /// on ([`offered_actions`]).
    pub offered: BTreeMap<Role, BTreeMap<Status, Offered>>,
    /// How the work-order screen offers each action.
    pub buttons: BTreeMap<Action, ButtonKind>,
    /// Whose action each is ([`Action::owner`]): the engineer's steps of
    /// the visit, or the office's assign, file, close and cancel. The screen
    /// shows a user's own actions first; the office takes an engineer's
    /// only by choosing to act for the engineer.
    pub owners: BTreeMap<Action, Role>,
    /// What an action waits for beyond its status, first reason first
    /// ([`PRECONDITIONS`]); the view lists an offered action whose
    /// precondition is unmet in `blocked_actions`, with why.
    pub preconditions: BTreeMap<Action, Vec<Precondition>>,
    /// The longest note accepted, in characters
    /// ([`crate::ops::record::MAX_NOTE_CHARS`]); the note box counts to it.
    pub note_max_chars: u32,
}

/// Named sets of statuses, each in lifecycle order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatusSets {
    /// Still being worked: not signed, not cancelled ([`Status::is_open`]);
    /// the office board's open orders.
    pub open: Vec<Status>,
    /// Where the office may assign or reassign the order (the statuses
    /// `assign` is legal from).
    pub assignable: Vec<Status>,
    /// The work at the site is over ([`Status::is_finished`]): the lists
    /// stop showing the clocks.
    pub finished: Vec<Status>,
    /// Paused, left with `resume`.
    pub paused: Vec<Status>,
    /// Signed, waiting to be filed (the statuses `file` is legal from).
    pub to_file: Vec<Status>,
    /// Just filed: where `file` leads, before any close.
    pub filed: Vec<Status>,
    /// The office has the signed record: filed or closed since
    /// ([`Status::is_received`]).
    pub received: Vec<Status>,
    /// No action leaves these ([`Status::is_final`]); a list's "open only"
    /// filter leaves them out.
    #[serde(rename = "final")]
    pub final_: Vec<Status>,
}

/// One legal step of the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Transition {
    /// The status before.
    pub from: Status,
    /// The action.
    pub action: Action,
    /// The status after; `None` for `resume`, which returns to the status
    /// before the pause (kept on the work order as `paused_from`).
    pub to: Option<Status>,
}

/// The buttons one role gets in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Offered {
    /// Every action offered, in lifecycle order ([`offered_actions`]).
    pub allowed: Vec<Action>,
    /// Of those, the main buttons ([`ButtonKind::Main`]: the next steps of
    /// the visit).
    pub main: Vec<Action>,
    /// Of those, the role's own ([`Action::owner`]); the rest it takes
    /// only for the engineer.
    pub own: Vec<Action>,
}

/// The tables, built from the rules.
pub fn domain_tables() -> DomainTables {
    let statuses = |keep: fn(Status) -> bool| -> Vec<Status> {
        Status::ALL.iter().copied().filter(|&s| keep(s)).collect()
    };
    let legal = |a: Action| -> Vec<Status> {
        Status::ALL
            .iter()
            .copied()
            .filter(|&s| allowed_actions(s).contains(&a))
            .collect()
    };
    let filed = Status::ALL
        .iter()
        .filter_map(|&s| transition(s, Action::File, None).ok())
        .collect();
    DomainTables {
        statuses: Status::ALL.to_vec(),
        actions: Action::ALL.to_vec(),
        roles: Role::ALL.to_vec(),
        priorities: Priority::ALL.to_vec(),
        groups: WoGroup::ALL.to_vec(),
        sets: StatusSets {
            open: statuses(Status::is_open),
            assignable: legal(Action::Assign),
            finished: statuses(Status::is_finished),
            paused: statuses(Status::is_paused),
            to_file: legal(Action::File),
            filed,
            received: statuses(Status::is_received),
            final_: statuses(Status::is_final),
        },
        status_groups: Status::ALL
            .iter()
            .filter_map(|&s| WoGroup::of_status(s).map(|g| (s, g)))
            .collect(),
        transitions: transitions(),
        offered: Role::ALL
            .iter()
            .map(|&role| {
                let by_status = Status::ALL
                    .iter()
                    .map(|&s| {
                        let allowed = offered_actions(s, role);
                        let main = allowed
                            .iter()
                            .copied()
                            .filter(|a| a.button() == ButtonKind::Main)
                            .collect();
                        let own = allowed
                            .iter()
                            .copied()
                            .filter(|a| a.owner() == role)
                            .collect();
                        (s, Offered { allowed, main, own })
                    })
                    .collect();
                (role, by_status)
            })
            .collect(),
        buttons: Action::ALL.iter().map(|&a| (a, a.button())).collect(),
        owners: Action::ALL.iter().map(|&a| (a, a.owner())).collect(),
        preconditions: PRECONDITIONS
            .iter()
            .map(|(a, p)| (*a, p.to_vec()))
            .collect(),
        note_max_chars: crate::ops::record::MAX_NOTE_CHARS as u32,
    }
}

/// Every legal (status, action) pair in lifecycle order, and its result.
fn transitions() -> Vec<Transition> {
    Status::ALL
        .iter()
        .flat_map(|&from| {
            allowed_actions(from)
                .into_iter()
                .map(move |action| Transition {
                    from,
                    action,
                    to: match action {
                        Action::Resume => None,
                        _ => transition(from, action, None).ok(),
                    },
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::state::may_perform;

    #[test]
    fn every_offered_action_is_legal_and_permitted() {
        let t = domain_tables();
        for &role in Role::ALL {
            for &s in Status::ALL {
                let offered = &t.offered[&role][&s];
                for &a in &offered.allowed {
                    assert!(
                        transition(s, a, Some(Status::Responded)).is_ok(),
                        "{role:?} offered illegal {a:?} in {s:?}"
                    );
                    assert!(may_perform(role, a), "{role:?} may not {a:?}");
                    assert_ne!(a, Action::File, "file is never pressed");
                }
                // Nothing legal and permitted is left out but `file`.
                let missing: Vec<_> = allowed_actions(s)
                    .into_iter()
                    .filter(|&a| may_perform(role, a) && !offered.allowed.contains(&a))
                    .collect();
                assert!(missing.iter().all(|&a| a == Action::File), "{missing:?}");
                assert!(offered.main.iter().all(|a| offered.allowed.contains(a)));
            }
        }
        assert_eq!(
            t.offered[&Role::Engineer][&Status::Responded].main,
            vec![Action::Depart, Action::Resolve]
        );
        assert_eq!(
            t.offered[&Role::Engineer][&Status::OnSite].allowed,
            vec![Action::AwaitParts, Action::Hold, Action::Resolve]
        );
        let main: Vec<_> = t
            .actions
            .iter()
            .filter(|a| t.buttons[a] == ButtonKind::Main)
            .collect();
        assert_eq!(
            main,
            [
                &Action::Respond,
                &Action::Depart,
                &Action::Arrive,
                &Action::Resolve
            ]
        );
        assert!(t.offered[&Role::Storekeeper][&Status::Assigned]
            .allowed
            .is_empty());
    }

    #[test]
    fn the_office_owns_assign_and_cancel_not_the_engineers_steps() {
        let t = domain_tables();
        let office = &t.offered[&Role::Office][&Status::Assigned];
        assert_eq!(
            office.allowed,
            [Action::Assign, Action::Respond, Action::Cancel]
        );
        assert_eq!(
            office.own,
            [Action::Assign, Action::Cancel],
            "respond is not theirs"
        );
        assert_eq!(t.owners[&Action::Respond], Role::Engineer);
        for &s in Status::ALL {
            let eng = &t.offered[&Role::Engineer][&s];
            assert_eq!(
                eng.own, eng.allowed,
                "an engineer's offered actions are all theirs"
            );
        }
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["owners"]["close"], "office");
        assert_eq!(
            v["preconditions"]["sign"],
            serde_json::json!(["parts_accounted", "work_done"])
        );
    }

    #[test]
    fn the_view_offers_what_the_tables_say() {
        use crate::ops::work_order::tests::{assigned, office, yang};
        let t = domain_tables();
        let wo = assigned();
        for actor in [yang(), office()] {
            assert_eq!(
                super::super::derive::buttons(&wo, &actor, &[]).allowed,
                t.offered[&actor.role][&wo.status].allowed
            );
        }
    }

    #[test]
    fn transitions_are_the_state_machine() {
        let t = domain_tables();
        for &s in Status::ALL {
            for &a in Action::ALL {
                let row = t.transitions.iter().find(|x| x.from == s && x.action == a);
                match transition(s, a, Some(Status::OnSite)) {
                    Ok(to) if a == Action::Resume => {
                        assert_eq!(row.map(|r| r.to), Some(None), "{s:?} {a:?} → {to:?}")
                    }
                    Ok(to) => assert_eq!(row.and_then(|r| r.to), Some(to), "{s:?} {a:?}"),
                    Err(_) => assert!(row.is_none(), "{s:?} {a:?}"),
                }
            }
        }
    }

    #[test]
    fn status_sets_are_what_the_screens_filter_by() {
        use Status as S;
        let t = domain_tables();
        assert_eq!(t.statuses, Status::ALL);
        let mut sorted = t.statuses.clone();
        sorted.sort();
        assert_eq!(sorted, t.statuses, "Status's Ord is the lifecycle order");
        let resolved = Status::ALL.iter().position(|&s| s == S::Resolved).unwrap();
        assert_eq!(t.sets.open, &Status::ALL[..=resolved], "up to resolved");
        let mut assignable = t.sets.open.clone();
        assignable.retain(|&s| s != S::Resolved);
        assert_eq!(t.sets.assignable, assignable, "open, not yet resolved");
        assert_eq!(
            t.sets.finished,
            [S::Resolved, S::Signed, S::Filed, S::Closed, S::Cancelled]
        );
        assert_eq!(t.sets.to_file, [S::Signed]);
        assert_eq!(t.sets.filed, [S::Filed]);
        assert_eq!(t.sets.received, [S::Filed, S::Closed]);
        assert_eq!(t.sets.final_, [S::Closed, S::Cancelled]);
        assert_eq!(t.status_groups[&S::Signed], WoGroup::ToFile);
        assert!(!t.status_groups.contains_key(&S::OnSite));
    }

    #[test]
    fn json_names_match_the_generated_types() {
        let v = serde_json::to_value(domain_tables()).unwrap();
        assert_eq!(
            v["sets"]["final"],
            serde_json::json!(["closed", "cancelled"])
        );
        assert_eq!(
            v["offered"]["engineer"]["assigned"]["allowed"],
            serde_json::json!(["respond"])
        );
        assert_eq!(v["buttons"]["file"], "never");
        assert_eq!(v["transitions"][0]["from"], "new");
    }

    /// Written by the same `export_bindings` run as the TypeScript types,
    /// into the same folder (`TS_RS_EXPORT_DIR`, set by .cargo/config.toml).
    #[test]
    fn export_bindings_domain_tables_json() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").unwrap_or_else(|| "bindings".into());
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let json = serde_json::to_string_pretty(&domain_tables()).unwrap();
        std::fs::write(dir.join("domain-tables.json"), json + "\n").unwrap();
    }
}
