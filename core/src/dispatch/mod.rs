//! The phone desk's dispatch and search: the office's room for finding and
//! handing out work orders.
//!
//! - [`search`]: the search box and filters over every order the user may
//!   see (number, customer, serial number, engineer, status, priority, call
//!   date range), turned into the store's list filter with the call dates
//!   read as days of the company's time zone.
//! - [`board`]: the dispatch view's roster: the engineers work can go to,
//!   each with their load (open orders) and most urgent clock, then anyone
//!   disabled or unknown who still has open orders. The view itself
//!   (unassigned orders first, each engineer's orders to assign or
//!   reassign from there) is `service::dispatch`'s.
//!
//! The rows come from the work-order projection (`store::query`); the
//! facade methods are in `service::dispatch`; editing an order's details
//! after creation is [`crate::ops::update_order`].

pub mod board;
pub mod search;

pub use board::{roster, RosterLine, DISPATCH_ROWS};
pub use search::{OrderSearch, SearchError};
