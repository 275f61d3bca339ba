//! The work-order state machine: statuses, the actions that move between
//! them, which actions each role may perform, and the buttons the UI offers.
//!
//! Lifecycle: `new → assigned → responded → en_route → on_site → resolved →
//! signed → filed → closed`. Choices recorded here:
//! - `assign` from `new` gives `assigned`; reassigning an order that is
//!   `assigned`, `responded`, `en_route`, `on_site`, `awaiting_parts` or
//!   `on_hold` keeps its status (the new engineer picks up where it stands).
//!   A resolved or later order cannot be reassigned.
//! - `resolve` is allowed from `on_site` and also from `responded`, for a
//!   fault fixed by phone or remote maintenance without a visit.
//! - `await_parts` and `hold` pause an order that is `responded`, `en_route`
//!   or `on_site`; `resume` returns it to the status before the pause, which
//!   the caller passes in (it is kept on the work order's timeline).
//! - `cancel` is allowed from every state before `signed`; `closed` and
//!   `cancelled` are final.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::string_enum;

/// Where a work order stands. Variants are declared (and ordered) in
/// lifecycle order, the order the screens list them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    New,
    Assigned,
    Responded,
    EnRoute,
    OnSite,
    AwaitingParts,
    OnHold,
    Resolved,
    Signed,
    Filed,
    Closed,
    Cancelled,
}

string_enum!(Status, "work-order status", {
    New => "new",
    Assigned => "assigned",
    Responded => "responded",
    EnRoute => "en_route",
    OnSite => "on_site",
    AwaitingParts => "awaiting_parts",
    OnHold => "on_hold",
    Resolved => "resolved",
    Signed => "signed",
    Filed => "filed",
    Closed => "closed",
    Cancelled => "cancelled",
});

impl Status {
    /// The status in words, for messages ("en route").
    pub fn words(self) -> &'static str {
        match self {
            Status::EnRoute => "en route",
            Status::OnSite => "on site",
            Status::AwaitingParts => "awaiting parts",
            Status::OnHold => "on hold",
            other => other.as_str(),
        }
    }

    /// A paused status (`awaiting_parts`, `on_hold`), left with `resume`.
    pub fn is_paused(self) -> bool {
        matches!(self, Status::AwaitingParts | Status::OnHold)
    }

    /// A status a pause may start from and `resume` may return to.
    pub fn is_resumable(self) -> bool {
        matches!(self, Status::Responded | Status::EnRoute | Status::OnSite)
    }

    /// No action leaves this status.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }

    /// Still being worked: not yet signed by the customer and not cancelled
    /// (`resolved` included: it waits for the signature). Exactly the
    /// statuses `cancel` is allowed from.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Signed | Status::Filed | Status::Closed | Status::Cancelled
        )
    }

    /// The work at the site is over: resolved or later, or cancelled. The
    /// lists stop showing the clocks (except a loaner prompt).
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Status::Resolved | Status::Signed | Status::Filed | Status::Closed | Status::Cancelled
        )
    }

    /// The office has received the signed record: filed, or closed since.
    pub fn is_received(self) -> bool {
        matches!(self, Status::Filed | Status::Closed)
    }
}

/// Something done to a work order. Variants are declared (and ordered) in
/// lifecycle order, the order the screens show the buttons in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    Assign,
    Respond,
    Depart,
    Arrive,
    AwaitParts,
    Hold,
    Resume,
    Resolve,
    Sign,
    File,
    Close,
    Cancel,
}

string_enum!(Action, "work-order action", {
    Assign => "assign",
    Respond => "respond",
    Depart => "depart",
    Arrive => "arrive",
    AwaitParts => "await_parts",
    Hold => "hold",
    Resume => "resume",
    Resolve => "resolve",
    Sign => "sign",
    File => "file",
    Close => "close",
    Cancel => "cancel",
});

impl Action {
    /// The action as a verb, for messages ("cannot wait for parts: ...").
    pub fn verb(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::Respond => "respond",
            Action::Depart => "depart",
            Action::Arrive => "arrive",
            Action::AwaitParts => "wait for parts",
            Action::Hold => "put on hold",
            Action::Resume => "resume",
            Action::Resolve => "resolve",
            Action::Sign => "sign",
            Action::File => "file",
            Action::Close => "close",
            Action::Cancel => "cancel",
        }
    }

    /// Whose step this is: the office's (`assign`, `file`, `close`,
    /// `cancel`) or the assigned engineer's (every step of the visit, the
    /// pauses and the sign-off). The office may take an engineer's step too
    /// ([`may_perform`]), but only by choosing to act for the engineer: the
    /// work-order screen shows each role its own actions first.
    pub fn owner(self) -> Role {
        match self {
            Action::Assign | Action::File | Action::Close | Action::Cancel => Role::Office,
            _ => Role::Engineer,
        }
    }

    /// How the work-order screen offers this action.
    pub fn button(self) -> ButtonKind {
        match self {
            Action::Respond | Action::Depart | Action::Arrive | Action::Resolve => ButtonKind::Main,
            Action::AwaitParts | Action::Hold | Action::Resume | Action::Close | Action::Cancel => {
                ButtonKind::Secondary
            }
            Action::Assign | Action::Sign => ButtonKind::Separate,
            Action::File => ButtonKind::Never,
        }
    }
}

/// How the work-order screen offers an action ([`Action::button`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ButtonKind {
    /// A step along the visit (respond, depart, arrive, resolve): one tap on
    /// a main button.
    Main,
    /// A pause, resume, close or cancel: a secondary button.
    Secondary,
    /// Done on its own control or screen: `assign` with the engineer
    /// picker, `sign` on the sign-off screen.
    Separate,
    /// Never pressed: `file` happens when the office receives the record.
    Never,
}

/// Who is acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// 售后工程师: works the orders assigned to them.
    Engineer,
    /// 售后服务部 / 电话客服: the after-sales office, may do everything.
    Office,
    /// 备件库: parts warehouse, no work-order actions.
    Storekeeper,
    /// 技术专家: advises by comment, no work-order actions.
    Expert,
}

string_enum!(Role, "role", {
    Engineer => "engineer",
    Office => "office",
    Storekeeper => "storekeeper",
    Expert => "expert",
});

/// Why a transition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action is not allowed from the work order's current status.
    #[error("cannot {}: work order is {}", .action.verb(), .from.words())]
    Illegal {
        /// The current status.
        from: Status,
        /// The refused action.
        action: Action,
    },
    /// `resume` was asked without the status before the pause, or with one
    /// that a pause cannot start from.
    #[error("cannot resume: {}", resume_problem(.resume_to))]
    BadResumeTarget {
        /// The paused status being left.
        from: Status,
        /// The requested target.
        resume_to: Option<Status>,
    },
}

fn resume_problem(resume_to: &Option<Status>) -> String {
    match resume_to {
        None => "the status before the pause is unknown".to_owned(),
        Some(s) => format!("work order cannot go back to {}", s.words()),
    }
}

/// Where `action` leads from `from`, before resolving `resume`.
enum Next {
    To(Status),
    Resume,
}

fn next(from: Status, action: Action) -> Option<Next> {
    use Action as A;
    use Status as S;
    let to = match (action, from) {
        (A::Assign, S::New) => S::Assigned,
        (A::Assign, s @ (S::Assigned | S::Responded | S::EnRoute | S::OnSite)) => s,
        (A::Assign, s @ (S::AwaitingParts | S::OnHold)) => s,
        (A::Respond, S::Assigned) => S::Responded,
        (A::Depart, S::Responded) => S::EnRoute,
        (A::Arrive, S::EnRoute) => S::OnSite,
        (A::AwaitParts, s) if s.is_resumable() => S::AwaitingParts,
        (A::Hold, s) if s.is_resumable() => S::OnHold,
        (A::Resume, s) if s.is_paused() => return Some(Next::Resume),
        (A::Resolve, S::OnSite | S::Responded) => S::Resolved,
        (A::Sign, S::Resolved) => S::Signed,
        (A::File, S::Signed) => S::Filed,
        (A::Close, S::Filed) => S::Closed,
        (A::Cancel, s) if !matches!(s, S::Signed | S::Filed | S::Closed | S::Cancelled) => {
            S::Cancelled
        }
        _ => return None,
    };
    Some(Next::To(to))
}

/// Apply `action` to a work order in status `from`.
///
/// `resume_to` is read only by `resume`: the status before the pause, which
/// must be `responded`, `en_route` or `on_site`.
pub fn transition(
    from: Status,
    action: Action,
    resume_to: Option<Status>,
) -> Result<Status, TransitionError> {
    match next(from, action) {
        Some(Next::To(s)) => Ok(s),
        Some(Next::Resume) => match resume_to {
            Some(s) if s.is_resumable() => Ok(s),
            _ => Err(TransitionError::BadResumeTarget { from, resume_to }),
        },
        None => Err(TransitionError::Illegal { from, action }),
    }
}

/// The actions allowed from `from`, in lifecycle order (the UI's buttons).
pub fn allowed_actions(from: Status) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|&a| next(from, a).is_some())
        .collect()
}

/// Whether `role` may perform `action` at all (assignment to the order is
/// checked elsewhere).
pub fn may_perform(role: Role, action: Action) -> bool {
    match role {
        Role::Office => true,
        Role::Engineer => !matches!(action, Action::Assign | Action::Close | Action::Cancel),
        Role::Storekeeper | Role::Expert => false,
    }
}

/// The actions `role` is offered on an order in `from` (for an engineer:
/// one of their own orders): the legal actions the role may perform, in
/// lifecycle order, without the ones never pressed (`file`). The work-order
/// view's `allowed_actions` and the UI's tables both come from here.
pub fn offered_actions(from: Status, role: Role) -> Vec<Action> {
    allowed_actions(from)
        .into_iter()
        .filter(|&a| a.button() != ButtonKind::Never && may_perform(role, a))
        .collect()
}

#[cfg(test)]
mod tests;
