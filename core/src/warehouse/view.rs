//! What the warehouse screens show: a part with its stock per warehouse
//! and its movements ([`PartView`]), and the confirmation state of a
//! pickup and of its returns ([`ConfirmState`]). The outstanding-parts
//! row holds a pickup's list row, so it is with the list rows
//! (`service::views::OutstandingRow`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::moves::StockMove;
use crate::model::{Confirmation, Part, Pickup};
use crate::rules::StockLevel;
use crate::string_enum;

string_enum! {
    /// Where the storekeeper's confirmation of a pickup (or of its
    /// returns) stands.
    pub enum ConfirmState {
        /// Nothing to confirm (no units returned).
        None = "none",
        /// Not confirmed yet (or more returned since the confirmation).
        Awaiting = "awaiting",
        /// Confirmed with the count claimed.
        Confirmed = "confirmed",
        /// Counted differently from what was claimed.
        Disputed = "disputed",
    }
}

fn settled(c: &Confirmation) -> ConfirmState {
    match c.counted == c.claimed {
        true => ConfirmState::Confirmed,
        false => ConfirmState::Disputed,
    }
}

/// The pickup's state: awaiting until confirmed; disputed when counted
/// differently.
pub fn pickup_state(p: &Pickup) -> ConfirmState {
    p.confirmed.as_ref().map_or(ConfirmState::Awaiting, settled)
}

/// Its returns' state: none when nothing was returned; awaiting until
/// confirmed, or when more was returned since; disputed when counted
/// differently.
pub fn return_state(p: &Pickup) -> ConfirmState {
    if p.returned == 0 {
        return ConfirmState::None;
    }
    match &p.return_confirmed {
        Some(c) if c.claimed >= p.returned => settled(c),
        _ => ConfirmState::Awaiting,
    }
}

/// One warehouse's stock of a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WarehouseStock {
    /// The warehouse's code.
    pub warehouse: String,
    /// Its name.
    pub warehouse_name: String,
    /// The count (negative when offline pickups over-drew it).
    pub qty: i64,
    /// Ok, low or negative.
    pub level: StockLevel,
}

/// The part screen: the catalogue fields, the stock in every configured
/// warehouse (settings order) and the movements, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartView {
    /// The catalogue fields.
    pub part: Part,
    /// One per configured warehouse.
    pub stock: Vec<WarehouseStock>,
    /// Every movement, newest first.
    pub moves: Vec<StockMove>,
}
