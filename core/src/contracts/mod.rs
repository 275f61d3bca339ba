//! Maintenance contracts 维护合约 (issue 15): the office's contracts, their
//! state in the company's time zone, the periods of their preventive
//! visits and the planned work orders those periods get.
//!
//! Layout: [`error`] (why a contract action is refused), [`input`] (what
//! the forms send: [`NewContract`], [`ContractEdit`]), [`periods`] (pure:
//! the visit periods of a contract), [`ops`] (pure: the checks, the state,
//! the planned order of a period with its derived id and number, ticking
//! the checklist), [`view`] (what the screens show). The facade is
//! `service::contracts`. Contracts are few: the list reads the contract
//! documents themselves, no projection (docs/decisions.md).

pub mod error;
pub mod input;
pub mod ops;
pub mod periods;
pub mod view;

pub use error::ContractError;
pub use input::{ContractEdit, NewContract};
pub use ops::{checklist, contract_state, planned_id, planned_number, CHECKLIST, HORIZON_DAYS};
pub use periods::{periods, Period};
pub use view::{ContractRow, ContractState, ContractView, PlanResult, PlannedVisitRow};
