//! Numbered SQL migrations compiled into the binary, applied in order inside
//! one transaction each and recorded in SQLite's `user_version`.
//!
//! The device store and the server each pass their own list; both start with
//! the shared document tables of [`super::docs`].

use rusqlite::Connection;

/// One migration: its number (1, 2, …, no gaps) and its SQL.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version the database has after this migration.
    pub version: i64,
    /// The statements.
    pub sql: &'static str,
}

impl Migration {
    /// The migration to `version` running `sql`.
    pub const fn new(version: i64, sql: &'static str) -> Self {
        Migration { version, sql }
    }
}

/// Errors applying migrations.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The file was written by a newer Onsite than this one.
    #[error(
        "database schema version {found} is newer than this program knows ({known}); update Onsite"
    )]
    TooNew {
        /// The file's version.
        found: i64,
        /// The newest version this program knows.
        known: i64,
    },
    /// A migration's SQL failed; nothing of it was applied.
    #[error("migration {version} failed: {source}")]
    Failed {
        /// Which migration.
        version: i64,
        /// Why.
        source: rusqlite::Error,
    },
    /// Reading the version failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Applies every migration newer than the file's `user_version`.
/// Returns the version the file is at afterwards.
pub fn migrate(conn: &mut Connection, migrations: &[Migration]) -> Result<i64, MigrateError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = migrations.last().map(|m| m.version).unwrap_or(0);
    if current > known {
        return Err(MigrateError::TooNew {
            found: current,
            known,
        });
    }
    for m in migrations.iter().filter(|m| m.version > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)
            .and_then(|_| tx.pragma_update(None, "user_version", m.version))
            .map_err(|source| MigrateError::Failed {
                version: m.version,
                source,
            })?;
        tx.commit()?;
    }
    Ok(known.max(current))
}

/// Prepared statements kept per connection: enough for every statement a
/// sync or an edit repeats per document (documents, chunks, projections,
/// dirty set, sync state), so none is parsed again for each document.
pub const STATEMENT_CACHE: usize = 64;

/// Opens (or creates) a SQLite file in WAL mode with the settings every
/// Onsite database uses: foreign keys on, a busy timeout, `synchronous=FULL`
/// so a committed transaction survives a power cut, and a statement cache
/// of [`STATEMENT_CACHE`].
pub fn open_file(path: &std::path::Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &[Migration] = &[
        Migration {
            version: 1,
            sql: "CREATE TABLE a (x INTEGER);",
        },
        Migration {
            version: 2,
            sql: "ALTER TABLE a ADD COLUMN y TEXT;",
        },
    ];

    #[test]
    fn a_fresh_file_gets_every_migration_and_a_second_run_changes_nothing() {
        let mut c = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut c, LIST).unwrap(), 2);
        assert_eq!(migrate(&mut c, LIST).unwrap(), 2);
        c.execute("INSERT INTO a (x, y) VALUES (1, 'z')", [])
            .unwrap();
    }

    #[test]
    fn a_file_from_the_previous_version_is_brought_up_to_date() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c, &LIST[..1]).unwrap();
        c.execute("INSERT INTO a (x) VALUES (7)", []).unwrap();
        assert_eq!(migrate(&mut c, LIST).unwrap(), 2);
        let x: i64 = c.query_row("SELECT x FROM a", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7, "data survives the migration");
    }

    #[test]
    fn a_failing_migration_applies_nothing_of_itself() {
        let mut c = Connection::open_in_memory().unwrap();
        let bad = [
            LIST[0],
            Migration {
                version: 2,
                sql: "CREATE TABLE b (x); SELECT nonsense FROM nowhere;",
            },
        ];
        assert!(matches!(
            migrate(&mut c, &bad),
            Err(MigrateError::Failed { version: 2, .. })
        ));
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        assert!(c.prepare("SELECT * FROM b").is_err(), "table b rolled back");
    }

    #[test]
    fn a_newer_file_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", 9).unwrap();
        assert!(matches!(
            migrate(&mut c, LIST),
            Err(MigrateError::TooNew { found: 9, known: 2 })
        ));
    }
}
