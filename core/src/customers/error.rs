//! Why an edit of a customer was refused. Every message names the customer
//! or the value in words; the facade maps each variant to one error code.

use chrono::NaiveDate;

use crate::model::DocId;
use crate::rules::state::Role;

/// The longest text a customer field takes, in characters (an organisation,
/// an address, a name, a model, a serial, a phone).
pub const MAX_TEXT_CHARS: usize = 200;

/// A refused customer edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerError {
    /// Only the office registers and edits customers.
    #[error("only the office changes customers, not a {0}")]
    OfficeOnly(Role),
    /// The organisation is empty.
    #[error("the customer's organisation is required")]
    OrgRequired,
    /// A field is longer than [`MAX_TEXT_CHARS`].
    #[error("{field} is {chars} characters long; at most {MAX_TEXT_CHARS} are allowed")]
    TooLong {
        /// Which field (`org`, `site address`, …).
        field: &'static str,
        /// Its length.
        chars: usize,
    },
    /// A site with neither a name nor an address.
    #[error("a site needs a name or an address")]
    SiteEmpty,
    /// A contact with neither a name nor a phone.
    #[error("a contact needs a name or a phone number")]
    ContactEmpty,
    /// Equipment without a serial number.
    #[error("equipment needs a serial number")]
    SerialRequired,
    /// Equipment without a model.
    #[error("equipment {serial} needs a model")]
    ModelRequired {
        /// Its serial number.
        serial: String,
    },
    /// The customer already has equipment with this serial number.
    #[error("{org} already has equipment with serial number {serial}")]
    DuplicateSerial {
        /// The customer's organisation.
        org: String,
        /// The serial number.
        serial: String,
    },
    /// An acceptance date after today.
    #[error("the acceptance date {0} of equipment {1} is in the future")]
    AcceptedInFuture(NaiveDate, String),
    /// No site with this id.
    #[error("{org} has no site {id}")]
    NoSite {
        /// The customer's organisation.
        org: String,
        /// The site id asked for.
        id: String,
    },
    /// No contact with this id.
    #[error("{org} has no contact {id}")]
    NoContact {
        /// The customer's organisation.
        org: String,
        /// The contact id asked for.
        id: String,
    },
    /// No equipment with this serial number.
    #[error("{org} has no equipment with serial number {serial}")]
    NoEquipment {
        /// The customer's organisation.
        org: String,
        /// The serial number asked for.
        serial: String,
    },
    /// A site cannot go while instruments stand there.
    #[error("site {site} of {org} still has equipment ({serials}): move or remove it first")]
    SiteInUse {
        /// The customer's organisation.
        org: String,
        /// The site's name or address.
        site: String,
        /// The serial numbers installed there.
        serials: String,
    },
    /// The contract named is not one of this customer's.
    #[error("{0} is not a maintenance contract of this customer")]
    NotItsContract(DocId),
}
