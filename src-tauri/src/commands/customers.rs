//! Customers 用户 and their equipment: `list_customers` (a page of the
//! list), `get_customer`, `create_customer`, `edit_customer` (one edit of
//! the organisation, a site, a contact or an instrument). The rules and
//! checks are `onsite_core::customers`'s; each write returns the customer's
//! fresh screen and pokes the sync loop.

use onsite_core::service::{CustomerEdit, CustomerFilter, CustomerPage, CustomerView, NewCustomer};

use super::doc_id;

reads! {
    /// One page of the customers matching `filter` (by organisation).
    list_customers(filter: Option<CustomerFilter>) -> CustomerPage =>
        |d| d.customer_page(filter.unwrap_or_default());
    /// One customer with its sites, contacts, equipment and contracts.
    get_customer(id: String) -> CustomerView => |d| d.get_customer(&doc_id("id", &id)?);
}

edits! {
    /// A new customer (office).
    create_customer(input: NewCustomer) -> CustomerView => |d| d.create_customer(input);
    /// One edit of a customer (office).
    edit_customer(id: String, edit: CustomerEdit) -> CustomerView =>
        |d| d.edit_customer(&doc_id("id", &id)?, edit);
}
