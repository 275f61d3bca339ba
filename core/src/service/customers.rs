//! Customers 用户 and their equipment: register one, page through them,
//! open one, edit it. Each write is one store transaction that reads the
//! document, applies one [`crate::customers::ops`] edit and writes the
//! struct back as the minimal change; the rules are in [`crate::customers`].

use super::read::DEFAULT_PAGE;
use super::views::{CustomerEdit, CustomerFilter, CustomerPage, CustomerView, NewCustomer};
use super::{ApiError, Device, ErrorCode};
use crate::customers::{ops, CustomerError};
use crate::doc;
use crate::model::{Contract, Customer, DocId, DocKind};
use crate::rules::localtime::local_date;
use crate::rules::state::Role;

impl From<CustomerError> for ApiError {
    fn from(e: CustomerError) -> Self {
        let code = match e {
            CustomerError::OfficeOnly(_) => ErrorCode::Forbidden,
            CustomerError::DuplicateSerial { .. } => ErrorCode::DuplicateSerial,
            CustomerError::NoSite { .. }
            | CustomerError::NoContact { .. }
            | CustomerError::NoEquipment { .. } => ErrorCode::NotFound,
            CustomerError::OrgRequired
            | CustomerError::TooLong { .. }
            | CustomerError::SiteEmpty
            | CustomerError::ContactEmpty
            | CustomerError::SerialRequired
            | CustomerError::ModelRequired { .. }
            | CustomerError::AcceptedInFuture(..)
            | CustomerError::SiteInUse { .. }
            | CustomerError::NotItsContract(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Device {
    /// The company's local date today (acceptance dates, tiers today).
    pub(super) fn today(&self) -> chrono::NaiveDate {
        local_date(self.now(), self.cfg().tz)
    }

    /// Registers a customer (office only) and returns its screen.
    pub fn create_customer(&mut self, input: NewCustomer) -> Result<CustomerView, ApiError> {
        let c = ops::new_customer(input, &self.actor, self.today())?;
        let mut am = self.new_doc(DocKind::Customer, &c)?;
        self.store.create_doc(&c.id, &mut am)?;
        self.customer_view(c)
    }

    /// One page of the customer list: the rows `filter.offset` (default 0)
    /// onwards, at most `filter.limit` (default 50), by organisation, and
    /// the number of all matches. Read from the projection: no document
    /// is opened.
    pub fn customer_page(&self, filter: CustomerFilter) -> Result<CustomerPage, ApiError> {
        let mut filter = filter;
        filter.page = filter.page.or_length(DEFAULT_PAGE);
        Ok(CustomerPage {
            total: self.store.count_customers(&filter)?,
            items: self.store.list_customer_rows(&filter)?,
        })
    }

    /// One customer with its sites, contacts, equipment (each with its
    /// tier today) and contracts. An engineer's device holds only the
    /// customers of their own orders (the server sends no others) and
    /// shows them read-only.
    pub fn get_customer(&self, id: &DocId) -> Result<CustomerView, ApiError> {
        let c: Customer = self.read_doc(id, DocKind::Customer)?;
        self.customer_view(c)
    }

    /// One edit of a customer (office only), in one transaction; returns
    /// the customer's screen. Only the fields the edit changes are written,
    /// so concurrent edits on other devices merge field by field.
    pub fn edit_customer(
        &mut self,
        id: &DocId,
        edit: CustomerEdit,
    ) -> Result<CustomerView, ApiError> {
        Self::ensure_kind(id, DocKind::Customer)?;
        ops::ensure_office(&self.actor)?;
        let contracts: Vec<DocId> = self.contracts_of(id)?.into_iter().map(|k| k.id).collect();
        let (actor, today) = (self.actor.clone(), self.today());
        let c = self.store.edit(std::slice::from_ref(id), |docs| {
            let mut c: Customer = doc::read(&docs[0], DocKind::Customer)?;
            ops::apply(&mut c, edit, &actor, today, &contracts)?;
            doc::write(&mut docs[0], &c)?;
            Ok::<_, ApiError>(c)
        })?;
        self.customer_view(c)
    }

    /// Customers whose organisation, site, contact, phone, model or serial
    /// contains every word of `query` (case-insensitive; empty lists all),
    /// as documents, by organisation.
    pub fn list_customers(&self, query: &str) -> Result<Vec<Customer>, ApiError> {
        let filter = CustomerFilter {
            query: query.into(),
            ..Default::default()
        };
        self.store
            .list_customer_rows(&filter)?
            .into_iter()
            .map(|row| self.read_doc(&row.id, DocKind::Customer))
            .collect()
    }

    /// The maintenance contracts of customer `id` held on this device.
    fn contracts_of(&self, id: &DocId) -> Result<Vec<Contract>, ApiError> {
        let mut out = Vec::new();
        for cid in self.store.doc_ids(DocKind::Contract)? {
            let Some(am) = self.store.load(&cid)? else {
                continue;
            };
            match doc::read::<Contract, _>(&am, DocKind::Contract) {
                Ok(k) if &k.customer_id == id => out.push(k),
                Ok(_) => {}
                Err(e) => tracing::warn!(%cid, error = %e, "contract does not read: skipped"),
            }
        }
        Ok(out)
    }

    fn customer_view(&self, c: Customer) -> Result<CustomerView, ApiError> {
        let contracts = self.contracts_of(&c.id)?;
        Ok(CustomerView::of(
            c,
            &contracts,
            self.today(),
            self.cfg(),
            self.actor.role == Role::Office,
        ))
    }
}

#[cfg(test)]
mod tests;
