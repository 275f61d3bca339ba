//! The roles a user of the sync server has: engineer, office, storekeeper
//! and expert (技术专家). The expert's access rules are not written yet: an
//! expert's devices read nothing and every write is refused (core's guard
//! refuses every change by `Role::Expert`).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A user's role; it decides which documents their devices read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 售后工程师: their work orders and pickups, the parts catalogue, the
    /// customers of their work orders.
    Engineer,
    /// 售后服务部: everything.
    Office,
    /// 备件库: parts and pickups.
    Storekeeper,
    /// 技术专家: the work orders they are asked on, notes only.
    Expert,
}

impl Role {
    /// The same role in core's terms (the write rules of `onsite_core::guard`).
    pub fn core(self) -> onsite_core::rules::state::Role {
        use onsite_core::rules::state::Role as R;
        match self {
            Role::Engineer => R::Engineer,
            Role::Office => R::Office,
            Role::Storekeeper => R::Storekeeper,
            Role::Expert => R::Expert,
        }
    }

    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Engineer => "engineer",
            Role::Office => "office",
            Role::Storekeeper => "storekeeper",
            Role::Expert => "expert",
        }
    }
}

/// A role name that is not one of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: use engineer, office, storekeeper or expert")]
pub struct BadRole(pub String);

impl FromStr for Role {
    type Err = BadRole;
    fn from_str(s: &str) -> Result<Self, BadRole> {
        match s {
            "engineer" => Ok(Role::Engineer),
            "office" => Ok(Role::Office),
            "storekeeper" => Ok(Role::Storekeeper),
            "expert" => Ok(Role::Expert),
            other => Err(BadRole(other.to_string())),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_back_and_others_are_refused_with_the_choices() {
        for r in [
            Role::Engineer,
            Role::Office,
            Role::Storekeeper,
            Role::Expert,
        ] {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
            assert_eq!(r.core().as_str(), r.as_str());
        }
        let err = "boss".parse::<Role>().unwrap_err();
        assert!(err
            .to_string()
            .contains("engineer, office, storekeeper or expert"));
    }
}
