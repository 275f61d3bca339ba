//! The phone desk's dispatch view and the order search (reads; assigning
//! from the view is `work_orders::assign`, editing `work_orders::update_order`).

use onsite_core::dispatch::OrderSearch;
use onsite_core::service::dispatch::DispatchBoard;
use onsite_core::service::WoPage;

reads! {
    /// The dispatch view (office): unassigned open orders first, then every
    /// engineer with their load, most urgent clock and most pressing orders.
    dispatch_board() -> DispatchBoard => |d| d.dispatch_board();
    /// One page of the orders `search` finds among those the user may see,
    /// newest call first.
    search_orders(search: Option<OrderSearch>) -> WoPage =>
        |d| d.search_orders(search.unwrap_or_default());
}
