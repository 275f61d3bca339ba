//! The loaner list's read of the projection: the loaner units out (issued
//! on an order and not returned), from `wo_list` (device migration 12), so
//! the list reads no document.

use super::{opt_ts_at, parse};
use crate::model::{DocId, Ts};
use crate::store::device::Store;
use crate::store::error::Result;

/// A loaner unit out on a work order.
#[derive(Debug, Clone, PartialEq)]
pub struct LoanerOut {
    /// The unit's serial as recorded on the order.
    pub serial: String,
    /// The order.
    pub work_order_id: DocId,
    /// Its number.
    pub number: String,
    /// Its customer's organisation.
    pub customer_org: String,
    /// When the unit was issued.
    pub issued_at: Option<Ts>,
}

impl Store {
    /// Every loaner unit out, longest out first.
    pub fn loaners_out(&self) -> Result<Vec<LoanerOut>> {
        self.rows(
            "SELECT loaner_serial, id, number, customer_org, loaner_issued_at FROM wo_list
             WHERE loaner_serial IS NOT NULL AND loaner_returned_at IS NULL
             ORDER BY loaner_issued_at, id",
            vec![],
            |r| {
                Ok(LoanerOut {
                    serial: r.get(0)?,
                    work_order_id: parse("wo_list", r.get(1)?)?,
                    number: r.get(2)?,
                    customer_org: r.get(3)?,
                    issued_at: opt_ts_at(r, 4)?,
                })
            },
        )
    }
}
