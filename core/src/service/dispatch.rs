//! The phone desk's dispatch view and the order search. The dispatch view
//! (office only): the open orders nobody is assigned to, then every
//! engineer with their load, most urgent clock and most pressing orders,
//! to assign or reassign from. The search: every order the user may see
//! (an engineer only their own), by words, engineer, status, priority and
//! call dates. The roster and the search's rules are
//! [`crate::dispatch`]'s; the rows come from the projection.

use serde::Serialize;
use ts_rs::TS;

use super::read::DEFAULT_PAGE;
use super::{ApiError, Device, ErrorCode, WoFilter, WoListItem, WoPage};
#[cfg(feature = "client")]
use crate::dispatch::DISPATCH_ROWS;
use crate::dispatch::{OrderSearch, SearchError};
use crate::model::Ts;
#[cfg(feature = "client")]
use crate::rules::state::Role;
use crate::rules::state::Status;
use crate::store::Paging;

/// The dispatch view ([`Device::dispatch_board`]).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DispatchBoard {
    /// The first page of open orders no engineer is assigned to, most
    /// pressing first (the rest: [`Device::work_order_page`] with
    /// [`DispatchBoard::unassigned_filter`]).
    pub unassigned: Vec<WoListItem>,
    /// How many open orders are unassigned in all.
    pub unassigned_total: u32,
    /// Every engineer work can go to, then anyone disabled or unknown who
    /// still has open orders ([`crate::dispatch::roster`]).
    pub engineers: Vec<EngineerLoad>,
}

/// One engineer's group on the dispatch view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EngineerLoad {
    /// Login name.
    pub user: String,
    /// The name shown.
    pub display: String,
    /// Whether new work can go to them (`false`: disabled or unknown, with
    /// open orders that need reassigning).
    pub available: bool,
    /// Their open orders (assigned, not yet signed or cancelled).
    pub open: u32,
    /// The nearest running deadline over their open orders; `None` when
    /// no clock runs.
    pub next_due: Option<Ts>,
    /// The open order that deadline belongs to.
    pub most_urgent: Option<WoListItem>,
    /// Their first [`DISPATCH_ROWS`] open orders, most pressing first.
    pub orders: Vec<WoListItem>,
}

impl DispatchBoard {
    /// The list filter of the unassigned open orders, for their next pages.
    pub fn unassigned_filter() -> WoFilter {
        WoFilter {
            unassigned: true,
            statuses: Some(open_statuses()),
            ..Default::default()
        }
    }
}

/// The statuses of an open order (not yet signed, not cancelled).
fn open_statuses() -> Vec<Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(|s| s.is_open())
        .collect()
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        ApiError::new(ErrorCode::Invalid, e.to_string())
    }
}

impl Device {
    /// The dispatch view (office only).
    #[cfg(feature = "client")]
    pub fn dispatch_board(&self) -> Result<DispatchBoard, ApiError> {
        if self.actor.role != Role::Office {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "only the office dispatches work orders",
            ));
        }
        let open = open_statuses();
        // One context (staff directory, unopened news) for every row.
        let ctx = self.list_context()?;
        let mut unassigned = DispatchBoard::unassigned_filter();
        unassigned.page = Paging::first(DEFAULT_PAGE);
        let unassigned_total = self.store.count_work_orders(&unassigned)?;
        let assignable = crate::account::engineers(&self.store)?
            .into_iter()
            .map(|e| (e.name, e.display))
            .collect();
        let loads = self.store.assignee_loads(&open)?;
        let lines = crate::dispatch::roster(assignable, loads, &ctx.directory);
        let mut engineers = Vec::with_capacity(lines.len());
        for line in lines {
            let mine = WoFilter {
                assignee: Some(line.user.clone()),
                statuses: Some(open.clone()),
                page: Paging::first(DISPATCH_ROWS),
                ..Default::default()
            };
            let most_urgent = match self.store.most_urgent(&line.user, &open)? {
                Some(row) => Some(self.list_item_named(row, &ctx)?),
                None => None,
            };
            engineers.push(EngineerLoad {
                orders: self.items_with(&mine, &ctx)?,
                most_urgent,
                user: line.user,
                display: line.display,
                available: line.available,
                open: line.open,
                next_due: line.next_due,
            });
        }
        Ok(DispatchBoard {
            unassigned: self.items_with(&unassigned, &ctx)?,
            unassigned_total,
            engineers,
        })
    }

    /// One page (default: the first [`DEFAULT_PAGE`]) of the orders
    /// `search` finds among those the user may see, newest call first.
    pub fn search_orders(&self, search: OrderSearch) -> Result<WoPage, ApiError> {
        let mut filter = search.filter(self.cfg().tz)?;
        filter.page = filter.page.or_length(DEFAULT_PAGE);
        self.work_order_page(filter)
    }
}

#[cfg(test)]
mod tests;
