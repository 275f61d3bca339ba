//! Why an operation was refused. Every message is meant for people: it
//! names the work order, its status, the action or the part in words.

use crate::rules::charges::ChargeError;
use crate::rules::ink::InkError;
use crate::rules::state::{Action, Role, Status, TransitionError};
use crate::rules::stock::SignBlocker;

/// A refused domain operation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    /// The state machine does not allow the action from the current status
    /// (or `resume` has nowhere to go back to).
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The actor's role may not do this at all.
    #[error("{} may not {what}", role_words(*.role))]
    Forbidden {
        /// The actor's role.
        role: Role,
        /// What was refused, in words ("cancel a work order").
        what: String,
    },
    /// An engineer acted on a work order assigned to someone else.
    #[error("work order {number} is assigned to {}, not to {engineer}",
        .assignee.as_deref().unwrap_or("nobody"))]
    NotAssignee {
        /// The work-order number.
        number: String,
        /// The engineer who tried.
        engineer: String,
        /// The engineer it is assigned to, if any.
        assignee: Option<String>,
    },
    /// The customer signed: the signed content can no longer change.
    #[error("work order {number} is signed: {field} can no longer be changed")]
    SignedReadOnly {
        /// The work-order number.
        number: String,
        /// The field that would have changed.
        field: String,
    },
    /// Picked parts are neither used nor returned, so the customer cannot
    /// sign yet. One blocker per pickup, each naming part and quantity.
    #[error("cannot sign: {}", blocker_words(.blockers))]
    SignBlocked {
        /// What blocks, pickup by pickup.
        blockers: Vec<SignBlocker>,
    },
    /// The service record says no work done, so the order can be neither
    /// resolved nor signed.
    #[error("cannot {}: work order {number} has no work done recorded; write what was done in the service record first", .action.verb())]
    WorkNotRecorded {
        /// The work-order number.
        number: String,
        /// Resolve or sign.
        action: Action,
    },
    /// The signature has too little ink (empty, a dot, a short scribble).
    #[error(transparent)]
    Ink(#[from] InkError),
    /// The work order is cancelled or closed.
    #[error("cannot {what}: work order {number} is {}", .status.words())]
    NotOpen {
        /// The work-order number.
        number: String,
        /// Its (final) status.
        status: Status,
        /// What was refused, in words.
        what: String,
    },
    /// More units marked used or returned than are still outstanding on the
    /// pickup.
    #[error("cannot {action} {asked} of part {part_no} {name}: only {outstanding} picked and not yet used or returned")]
    OverOutstanding {
        /// `use` or `return`.
        action: &'static str,
        /// Part number 料号.
        part_no: String,
        /// Part name.
        name: String,
        /// Quantity asked.
        asked: i64,
        /// Quantity still outstanding.
        outstanding: i64,
    },
    /// The charge override was refused (no reason, negative amount).
    #[error(transparent)]
    Charge(#[from] ChargeError),
    /// The input itself is wrong (empty name, quantity below 1, …).
    #[error("{0}")]
    Invalid(String),
}

impl OpError {
    /// An [`OpError::Forbidden`] for a state-machine action.
    pub fn forbidden_action(role: Role, action: Action) -> OpError {
        OpError::Forbidden {
            role,
            what: action_words(action).to_owned(),
        }
    }
}

/// An action as something done to a work order, for messages.
pub fn action_words(action: Action) -> &'static str {
    match action {
        Action::Assign => "assign a work order",
        Action::Respond => "respond to a work order",
        Action::Depart => "depart for a work order",
        Action::Arrive => "arrive on site for a work order",
        Action::AwaitParts => "mark a work order as waiting for parts",
        Action::Hold => "put a work order on hold",
        Action::Resume => "resume a work order",
        Action::Resolve => "resolve a work order",
        Action::Sign => "capture a customer's sign-off",
        Action::File => "file a work order",
        Action::Close => "close a work order",
        Action::Cancel => "cancel a work order",
    }
}

fn role_words(role: Role) -> &'static str {
    match role {
        Role::Engineer => "an engineer",
        Role::Office => "the office",
        Role::Storekeeper => "a storekeeper",
        Role::Expert => "a technical expert",
    }
}

fn blocker_words(blockers: &[SignBlocker]) -> String {
    blockers
        .iter()
        .map(|b| b.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
