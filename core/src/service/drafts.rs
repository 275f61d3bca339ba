//! Drafts of forms, for the signed-in user: save as they type, load when
//! the form opens, discard once saved (see [`crate::store::drafts`]). The
//! limits here keep a runaway form from filling the disk.

use super::{ApiError, Device};
use crate::store::Draft;

/// The longest form key accepted.
pub const MAX_DRAFT_KEY: usize = 200;
/// The largest draft accepted, in bytes of JSON text (a service record with
/// long notes is a few kilobytes).
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

impl Device {
    /// Saves the signed-in user's draft of form `key`.
    pub fn save_draft(&mut self, key: &str, value: &str) -> Result<(), ApiError> {
        check_key(key)?;
        if value.len() > MAX_DRAFT_BYTES {
            return Err(ApiError::invalid(format!(
                "the draft is {} bytes, more than the {MAX_DRAFT_BYTES} kept",
                value.len()
            )));
        }
        let now = self.clock.now();
        Ok(self.store.save_draft(&self.actor.name, key, value, now)?)
    }

    /// The signed-in user's draft of form `key`, if any.
    pub fn load_draft(&self, key: &str) -> Result<Option<Draft>, ApiError> {
        check_key(key)?;
        Ok(self.store.load_draft(&self.actor.name, key)?)
    }

    /// Deletes the signed-in user's draft of form `key`.
    pub fn discard_draft(&mut self, key: &str) -> Result<(), ApiError> {
        check_key(key)?;
        Ok(self.store.discard_draft(&self.actor.name, key)?)
    }

    /// The signed-in user's drafts, newest first.
    pub fn list_drafts(&self) -> Result<Vec<Draft>, ApiError> {
        Ok(self.store.list_drafts(&self.actor.name)?)
    }
}

fn check_key(key: &str) -> Result<(), ApiError> {
    if key.trim().is_empty() || key.len() > MAX_DRAFT_KEY {
        return Err(ApiError::invalid(format!(
            "a draft's key must be 1 to {MAX_DRAFT_KEY} bytes"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Actor;
    use crate::rules::state::Role;
    use crate::service::ErrorCode;
    use crate::testing::TempDevice;

    #[test]
    fn an_oversized_draft_or_a_blank_key_is_refused_as_invalid() {
        let mut d = TempDevice::at(
            Actor::new("zhang", Role::Engineer),
            "2026-03-05T01:00:00Z".parse().unwrap(),
        );
        let big = "x".repeat(MAX_DRAFT_BYTES + 1);
        assert_eq!(
            d.save_draft("note:wo:1", &big).unwrap_err().code,
            ErrorCode::Invalid
        );
        assert_eq!(
            d.save_draft(" ", "{}").unwrap_err().code,
            ErrorCode::Invalid
        );
        d.save_draft("note:wo:1", "{}").unwrap();
        assert_eq!(d.load_draft("note:wo:1").unwrap().unwrap().value, "{}");
        assert_eq!(d.list_drafts().unwrap().len(), 1);
        d.discard_draft("note:wo:1").unwrap();
        assert_eq!(d.load_draft("note:wo:1").unwrap(), None);
    }
}
