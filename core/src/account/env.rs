//! The environment the app reads at start-up, in one place.
//!
//! | variable | meaning |
//! |---|---|
//! | `ONSITE_DATA_DIR` | the folder holding `onsite.db` and `exports/` (default: the platform app-data folder) |
//! | `ONSITE_SERVER_URL`, `ONSITE_TOKEN` | enrol with these at start-up when the device is not enrolled yet |
//! | `ONSITE_CJK_FONT` | the font for PDFs (read by `crate::report`) |
//! | `ONSITE_COMPANY` | the company name in the PDF header (default `Onsite`) |
//! | `RUST_LOG` | log filter (default `info`), logs go to stderr |

use std::path::PathBuf;

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "onsite.db";

/// What the environment says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `ONSITE_DATA_DIR`.
    pub data_dir: Option<PathBuf>,
    /// `ONSITE_SERVER_URL` and `ONSITE_TOKEN`, when both are set.
    pub enrol: Option<(String, String)>,
    /// `ONSITE_COMPANY`.
    pub company: String,
    /// `ONSITE_EXPORT_DIR`: exports are written there without a save
    /// dialog (the real-window tests; a kiosk).
    pub export_dir: Option<PathBuf>,
}

impl Env {
    /// Reads the process environment.
    pub fn read() -> Env {
        Env::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads through `get` (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Env {
        let nonempty = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Env {
            data_dir: nonempty("ONSITE_DATA_DIR").map(PathBuf::from),
            enrol: nonempty("ONSITE_SERVER_URL").zip(nonempty("ONSITE_TOKEN")),
            company: nonempty("ONSITE_COMPANY").unwrap_or_else(|| "Onsite".into()),
            export_dir: nonempty("ONSITE_EXPORT_DIR").map(PathBuf::from),
        }
    }
}

/// The data folder when no window (and so no Tauri path resolver) exists,
/// as Tauri resolves `app_data_dir` on Linux: `$XDG_DATA_HOME/<identifier>`
/// or `~/.local/share/<identifier>`.
pub fn headless_data_dir(identifier: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join(identifier))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn enrolment_needs_both_url_and_token_and_blanks_count_as_unset() {
        let m: HashMap<&str, &str> = [
            ("ONSITE_SERVER_URL", "http://x"),
            ("ONSITE_TOKEN", " "),
            ("ONSITE_DATA_DIR", "/tmp/d"),
        ]
        .into();
        let e = Env::from_lookup(|k| m.get(k).map(|v| v.to_string()));
        assert_eq!(e.enrol, None);
        assert_eq!(e.data_dir, Some(PathBuf::from("/tmp/d")));
        assert_eq!(e.company, "Onsite");
        let m: HashMap<&str, &str> =
            [("ONSITE_SERVER_URL", "http://x"), ("ONSITE_TOKEN", "t")].into();
        let e = Env::from_lookup(|k| m.get(k).map(|v| v.to_string()));
        assert_eq!(e.enrol, Some(("http://x".into(), "t".into())));
        assert_eq!(e.data_dir, None);
    }
}
