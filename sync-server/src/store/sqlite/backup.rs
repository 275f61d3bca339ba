//! Copying the server's database out (`backup`) and into an empty data
//! directory (`restore`), and the database's epoch.
//!
//! Both copies use SQLite's online backup API (`rusqlite::backup`) in one
//! step: the whole database is copied inside one read transaction, so the
//! copy is the database as of one moment even while the server writes (in
//! WAL mode a reader never blocks the writer). A copy is written under a
//! temporary name beside its target, checked (`PRAGMA quick_check`) and
//! renamed into place only when complete, so a failed run leaves no file
//! that looks like a backup or a database.
//!
//! A backup file is a plain SQLite database in rollback-journal mode (one
//! self-contained file). `restore` refuses a directory that holds anything
//! and a file that is not an Onsite server database, migrates the copy to
//! this program's schema and gives it a new epoch: the cursors devices hold
//! name the old epoch, so each device's next sync is told the server was
//! restored and offers back everything it holds (`crate::sync`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use onsite_core::store::migrate::{migrate, MigrateError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::Serialize;

use super::{DB_FILE, MIGRATIONS};
use crate::store::StoreError;

/// Why a backup or a restore failed; nothing was left behind.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The data directory holds no server database.
    #[error("no server database in {0} (expected {0}/onsite-server.db); check --data")]
    NoDatabase(String),
    /// The backup file exists already.
    #[error("{0} exists already; a backup never overwrites a file (give each one a new name, e.g. with the date)")]
    Exists(String),
    /// The file to restore from does not exist.
    #[error("no backup file {0}")]
    NoBackup(String),
    /// The data directory to restore into holds something.
    #[error("the data directory {dir} is not empty (it holds {entry}); restore only into a new or empty directory, and move the old one aside first")]
    NotEmpty {
        /// The directory.
        dir: String,
        /// One of the entries it holds.
        entry: String,
    },
    /// The file is not a SQLite database at all.
    #[error("{0} is not an Onsite server backup: it is not a SQLite database")]
    NotSqlite(String),
    /// The file is a SQLite database but not an Onsite server's.
    #[error("{path} is not an Onsite server backup: {why}")]
    NotOnsite {
        /// The file.
        path: String,
        /// What is missing.
        why: String,
    },
    /// The file was written by a newer Onsite server.
    #[error("{path} comes from a newer Onsite server (schema version {found}, this one knows {known}); restore it with that version")]
    TooNew {
        /// The file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        known: i64,
    },
    /// The database or the copy failed SQLite's check.
    #[error("{path} is damaged ({detail}); use another backup")]
    Damaged {
        /// The file.
        path: String,
        /// SQLite's first complaint.
        detail: String,
    },
    /// The server's database stayed locked for too long.
    #[error("the database stayed busy for {0} s; try again")]
    Busy(u64),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Migrating the restored copy failed.
    #[error(transparent)]
    Migrate(#[from] MigrateError),
}

/// What a backup or a restore copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copied {
    /// The file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Users in it.
    pub users: i64,
    /// Devices in it (revoked ones included).
    pub devices: i64,
    /// Documents in it.
    pub documents: i64,
    /// Its latest change-sequence number.
    pub last_change: i64,
}

/// How long a copy waits for a lock before giving up.
const BUSY_LIMIT: Duration = Duration::from_secs(30);

/// The tables every Onsite server database has (core's and the server's).
const SERVER_TABLES: &[&str] = &["documents", "users", "devices", "change_counter", "doc_seq"];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The database's epoch (see the module documentation).
pub fn read_epoch(conn: &Connection) -> Result<[u8; 8], StoreError> {
    let bytes: Vec<u8> = conn.query_row(
        "SELECT value FROM server_meta WHERE key = 'epoch'",
        [],
        |r| r.get(0),
    )?;
    Ok(bytes.try_into().unwrap_or([0; 8]))
}

/// Copies the server database of `data_dir` to the new file `to`, while the
/// server may be serving.
pub fn backup(data_dir: &Path, to: &Path) -> Result<Copied, BackupError> {
    let db = data_dir.join(DB_FILE);
    if !db.is_file() {
        return Err(BackupError::NoDatabase(data_dir.display().to_string()));
    }
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    let src = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    src.busy_timeout(BUSY_LIMIT)?;
    check_server_db(&src, &db)?;
    let partial = partial_name(to);
    let result = (|| -> Result<Copied, BackupError> {
        let mut dst = copy(&src, &partial)?;
        // One self-contained file: no -wal beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        quick_check(&dst, &partial)?;
        let copied = summary(&mut dst, to)?;
        drop(dst);
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io(&partial))?;
        if to.exists() {
            return Err(BackupError::Exists(to.display().to_string()));
        }
        std::fs::rename(&partial, to).map_err(io(to))?;
        Ok(copied)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let mut copied = result?;
    copied.bytes = std::fs::metadata(to).map_err(io(to))?.len();
    Ok(copied)
}

/// Restores the backup `from` into `data_dir`, which must not exist or be
/// empty: checks the file, copies it, brings it to this program's schema
/// and gives it a new epoch.
pub fn restore(from: &Path, data_dir: &Path) -> Result<Copied, BackupError> {
    if !from.is_file() {
        return Err(BackupError::NoBackup(from.display().to_string()));
    }
    if data_dir.exists() {
        let first = std::fs::read_dir(data_dir)
            .map_err(io(data_dir))?
            .next()
            .transpose()
            .map_err(io(data_dir))?;
        if let Some(entry) = first {
            return Err(BackupError::NotEmpty {
                dir: data_dir.display().to_string(),
                entry: entry.file_name().to_string_lossy().into_owned(),
            });
        }
    }
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_server_db(&src, from)?;
    quick_check(&src, from)?;
    std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
    let target = data_dir.join(DB_FILE);
    let partial = partial_name(&target);
    let result = (|| -> Result<Copied, BackupError> {
        let mut dst = copy(&src, &partial)?;
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut dst, MIGRATIONS)?;
        dst.execute(
            "UPDATE server_meta SET value = randomblob(8) WHERE key = 'epoch'",
            [],
        )?;
        let copied = summary(&mut dst, &target)?;
        drop(dst);
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io(&partial))?;
        std::fs::rename(&partial, &target).map_err(io(&target))?;
        Ok(copied)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let mut copied = result?;
    copied.bytes = std::fs::metadata(&target).map_err(io(&target))?.len();
    Ok(copied)
}

/// `dir/.NAME.partial` for `dir/NAME`.
fn partial_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    path.with_file_name(format!(".{name}.partial"))
}

/// Copies `src` into a new file at `to` with the online backup API, in one
/// step (one read transaction on `src`).
fn copy(src: &Connection, to: &Path) -> Result<Connection, BackupError> {
    let _ = std::fs::remove_file(to);
    let mut dst = Connection::open(to)?;
    {
        let backup = Backup::new(src, &mut dst)?;
        let start = std::time::Instant::now();
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => continue,
                // Busy, Locked (and any later kind): wait and try again.
                _ if start.elapsed() < BUSY_LIMIT => std::thread::sleep(Duration::from_millis(100)),
                _ => return Err(BackupError::Busy(BUSY_LIMIT.as_secs())),
            }
        }
    }
    Ok(dst)
}

/// Refuses a file that is not an Onsite server database of a version this
/// program knows.
fn check_server_db(conn: &Connection, path: &Path) -> Result<(), BackupError> {
    let shown = path.display().to_string();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| not_sqlite(e, &shown))?;
    let mut missing = Vec::new();
    for table in SERVER_TABLES {
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| not_sqlite(e, &shown))?;
        if found == 0 {
            missing.push(*table);
        }
    }
    if !missing.is_empty() {
        let why = if missing.contains(&"documents") {
            "it holds no Onsite documents".to_string()
        } else {
            format!(
                "it has no {} table (a device's database?)",
                missing.join(", ")
            )
        };
        return Err(BackupError::NotOnsite { path: shown, why });
    }
    let known = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
    if version > known {
        return Err(BackupError::TooNew {
            path: shown,
            found: version,
            known,
        });
    }
    if version < 2 {
        return Err(BackupError::NotOnsite {
            path: shown,
            why: format!("its schema version {version} is not a server's"),
        });
    }
    Ok(())
}

fn not_sqlite(e: rusqlite::Error, shown: &str) -> BackupError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => BackupError::NotSqlite(shown.to_string()),
        _ => BackupError::Sqlite(e),
    }
}

fn quick_check(conn: &Connection, path: &Path) -> Result<(), BackupError> {
    let result: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| not_sqlite(e, &path.display().to_string()))?;
    if result != "ok" {
        return Err(BackupError::Damaged {
            path: path.display().to_string(),
            detail: result,
        });
    }
    Ok(())
}

fn summary(conn: &mut Connection, path: &Path) -> Result<Copied, BackupError> {
    let count = |table: &str| -> Result<i64, rusqlite::Error> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
    };
    Ok(Copied {
        path: path.to_path_buf(),
        bytes: 0,
        users: count("users")?,
        devices: count("devices")?,
        documents: count("documents")?,
        last_change: conn.query_row("SELECT value FROM change_counter WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    })
}
