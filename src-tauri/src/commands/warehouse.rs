//! The parts warehouse 备件库: the catalogue (`add_part`, `edit_part`,
//! `part_view`), the warehouses (`list_warehouses`), goods received and
//! stocktakes (`receive_goods`, `stocktake`), confirming pickups and
//! returns (`awaiting_confirmation`, `confirm_pickup`, `confirm_return`)
//! and the parts engineers still hold (`outstanding_parts`). The rules and
//! checks are `onsite_core::warehouse`'s.

use onsite_core::service::OutstandingRow;
use onsite_core::settings::Warehouse;
use onsite_core::store::PickupRow;
use onsite_core::warehouse::{NewPart, PartEdit, PartView};

use super::doc_id;

reads! {
    /// The company's warehouses, in settings order.
    list_warehouses() -> Vec<Warehouse> => |d| d.warehouses();
    /// One part: its catalogue fields, stock per warehouse and movements.
    part_view(part_id: String) -> PartView => |d| d.part_view(&doc_id("partId", &part_id)?);
    /// Pickups and returns awaiting the storekeeper's confirmation, or disputed.
    awaiting_confirmation() -> Vec<PickupRow> => |d| d.awaiting_confirmation();
    /// Parts picked and neither used nor returned, per engineer, with age.
    outstanding_parts() -> Vec<OutstandingRow> => |d| d.outstanding_parts();
}

edits! {
    /// A new part in the catalogue (storekeeper, office).
    add_part(part: NewPart) -> PartView => |d| d.add_part(part);
    /// Changes a part's catalogue fields (not its number).
    edit_part(part_id: String, edit: PartEdit) -> PartView =>
        |d| d.edit_part(&doc_id("partId", &part_id)?, edit);
    /// Goods received into a warehouse.
    receive_goods(part_id: String, warehouse: String, qty: i64, reason: String) -> PartView =>
        |d| d.receive_goods(&doc_id("partId", &part_id)?, &warehouse, qty, &reason);
    /// A stocktake: the counted quantity in a warehouse, with the reason.
    stocktake(part_id: String, warehouse: String, counted: i64, reason: String) -> PartView =>
        |d| d.stocktake(&doc_id("partId", &part_id)?, &warehouse, counted, &reason);
    /// Confirms a pickup with the counted quantity.
    confirm_pickup(pickup_id: String, counted: i64) -> PickupRow =>
        |d| d.confirm_pickup(&doc_id("pickupId", &pickup_id)?, counted);
    /// Confirms the returned units with the counted quantity.
    confirm_return(pickup_id: String, counted: i64) -> PickupRow =>
        |d| d.confirm_return(&doc_id("pickupId", &pickup_id)?, counted);
}
