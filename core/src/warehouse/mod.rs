//! The parts warehouse 备件库: the catalogue of parts (part number, name,
//! unit, cost, price, low-stock threshold, retired), the stock of each part
//! per configured warehouse (Automerge counters in the part document, see
//! [`crate::doc`]), the list of movements beside them (goods received,
//! stocktakes, pickups, returns: [`moves`]), and the storekeeper's
//! confirmation of pickups and returns.
//!
//! Layout: [`error`] (why a warehouse action is refused), [`input`] (what
//! the forms send: [`NewPart`], [`PartEdit`]), [`moves`] (reading and
//! appending a part's `moves` list), [`ops`] (the pure checks: part fields,
//! quantities, warehouse known, not retired, confirmations), [`view`] (what
//! the screens show: [`PartView`], [`WarehouseStock`], [`ConfirmState`]; the outstanding-parts row is
//! `service::views::OutstandingRow`). The facade is `service::warehouse`; the store's
//! queries are `store::query::warehouse`.
//!
//! Every counter change appends one [`StockMove`] in the same transaction,
//! so a part's movements explain its counts. Confirming a pickup or a
//! return records who counted what; it never moves stock.

pub mod error;
pub mod input;
pub mod moves;
pub mod ops;
pub mod view;

pub use error::WarehouseError;
pub use input::{NewPart, PartEdit};
pub use moves::{MoveKind, StockMove};
pub use view::{pickup_state, return_state, ConfirmState, PartView, WarehouseStock};
