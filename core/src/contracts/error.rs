//! Why a contract action is refused.

/// A refused contract action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    /// Only the office keeps contracts.
    #[error("only the office may {0}")]
    OfficeOnly(String),
    /// A field's value is refused; the message starts with the field's name.
    #[error("{0}")]
    Invalid(String),
}

impl ContractError {
    /// `field: why`.
    pub fn field<W: std::fmt::Display>(field: &str, why: W) -> ContractError {
        ContractError::Invalid(format!("{field}: {why}"))
    }
}
