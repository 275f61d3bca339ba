//! Who is acting, and the permission checks every operation shares: the
//! office may touch every work order, an engineer only the ones assigned to
//! them, and nobody may touch the signed content once the customer signed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::OpError;
use crate::model::WorkOrder;
use crate::rules::state::{may_perform, Action, Role};

/// The user performing an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Actor {
    /// User name (`yangjinwei`); engineers are assigned by it.
    pub name: String,
    /// Their role.
    pub role: Role,
}

impl Actor {
    /// An actor named `name` with `role`.
    pub fn new(name: impl Into<String>, role: Role) -> Actor {
        Actor {
            name: name.into(),
            role,
        }
    }

    /// The office may edit any work order, an engineer only their own;
    /// storekeepers and technical experts edit none. `what` words the
    /// refused operation ("edit the service record").
    pub fn ensure_may_edit(&self, wo: &WorkOrder, what: &str) -> Result<(), OpError> {
        match self.role {
            Role::Office => Ok(()),
            Role::Engineer => self.ensure_assignee(wo),
            Role::Storekeeper | Role::Expert => Err(OpError::Forbidden {
                role: self.role,
                what: what.to_owned(),
            }),
        }
    }

    /// Only the office: anyone else is refused with `refused` of their
    /// role, in the error of the module that asks.
    pub fn ensure_office<E>(&self, refused: impl FnOnce(Role) -> E) -> Result<(), E> {
        match self.role {
            Role::Office => Ok(()),
            role => Err(refused(role)),
        }
    }

    /// The role may take `action` at all ([`may_perform`]).
    pub fn ensure_may_perform(&self, action: Action) -> Result<(), OpError> {
        if may_perform(self.role, action) {
            return Ok(());
        }
        Err(OpError::forbidden_action(self.role, action))
    }

    /// For an engineer: the work order must be assigned to them.
    pub fn ensure_assignee(&self, wo: &WorkOrder) -> Result<(), OpError> {
        if self.role != Role::Engineer || wo.assignee.as_deref() == Some(self.name.as_str()) {
            return Ok(());
        }
        Err(OpError::NotAssignee {
            number: wo.number.clone(),
            engineer: self.name.clone(),
            assignee: wo.assignee.clone(),
        })
    }
}

/// Refuses any change to the signed content once the order is signed.
/// `field` names what would change (`service.work_done`).
pub fn ensure_unsigned(wo: &WorkOrder, field: &str) -> Result<(), OpError> {
    match wo.signoff {
        Some(_) => Err(OpError::SignedReadOnly {
            number: wo.number.clone(),
            field: field.to_owned(),
        }),
        None => Ok(()),
    }
}

/// Refuses changes to a cancelled or closed order.
pub fn ensure_open(wo: &WorkOrder, what: &str) -> Result<(), OpError> {
    if wo.status.is_final() {
        return Err(OpError::NotOpen {
            number: wo.number.clone(),
            status: wo.status,
            what: what.to_owned(),
        });
    }
    Ok(())
}
