//! Which store the test servers use: SQLite (the default) or PostgreSQL.
//!
//! `scripts/with-postgres.sh CMD…` starts a private PostgreSQL and sets
//! `ONSITE_TEST_DATABASE` to its URL. With `ONSITE_TEST_ENGINE=postgres` as
//! well, every [`TestServer`](crate::TestServer) (and [`open_store`]) is
//! served from a `PgStore` in a schema of its own, derived from its data
//! directory ([`schema_for`]), so one set of tests runs on both engines.
//! PostgreSQL-only tests call [`test_database`] and skip when it is None —
//! unless `ONSITE_REQUIRE_POSTGRES=1` (`make test`), which turns a missing
//! database into a failure instead of a silent skip.
//!
//! [`open_store`]: crate::server::open_store

use std::path::Path;

use sha2::{Digest, Sha256};

/// The environment variable holding the test database's URL.
pub const TEST_DATABASE_VAR: &str = "ONSITE_TEST_DATABASE";
/// `postgres` selects PostgreSQL for every test server.
pub const TEST_ENGINE_VAR: &str = "ONSITE_TEST_ENGINE";
/// `1`: a missing test database fails the tests that need one.
pub const REQUIRE_VAR: &str = "ONSITE_REQUIRE_POSTGRES";

/// The store behind the test servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The SQLite file in the server's data directory.
    Sqlite,
    /// A schema of its own in the test database.
    Postgres,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// True when `ONSITE_REQUIRE_POSTGRES=1`.
pub fn postgres_required() -> bool {
    var(REQUIRE_VAR).is_some_and(|v| v.trim() == "1")
}

/// The test database's URL (`ONSITE_TEST_DATABASE`, set by
/// `scripts/with-postgres.sh`), or None when it is not set.
///
/// # Panics
///
/// When it is not set but `ONSITE_REQUIRE_POSTGRES=1`.
pub fn test_database() -> Option<String> {
    match var(TEST_DATABASE_VAR) {
        Some(url) => Some(url),
        None if postgres_required() => panic!(
            "{REQUIRE_VAR}=1 but {TEST_DATABASE_VAR} is not set: run the tests under \
             scripts/with-postgres.sh (it starts a private PostgreSQL and sets it), \
             or unset {REQUIRE_VAR} to skip the PostgreSQL tests"
        ),
        None => None,
    }
}

/// The test database's URL for a PostgreSQL-only test, or None after
/// printing `SKIPPED: <what> needs PostgreSQL …` (the test then returns).
///
/// # Panics
///
/// As [`test_database`].
pub fn postgres_or_skip(what: &str) -> Option<String> {
    let url = test_database();
    if url.is_none() {
        eprintln!(
            "SKIPPED: {what} needs PostgreSQL; run it under scripts/with-postgres.sh \
             ({TEST_DATABASE_VAR} is not set)"
        );
    }
    url
}

/// The engine the test servers use: [`Engine::Postgres`] when
/// `ONSITE_TEST_ENGINE=postgres`, else [`Engine::Sqlite`].
///
/// # Panics
///
/// When `ONSITE_TEST_ENGINE` names another engine, or is `postgres` without
/// a test database.
pub fn engine() -> Engine {
    match var(TEST_ENGINE_VAR).as_deref().map(str::trim) {
        None | Some("sqlite") => Engine::Sqlite,
        Some("postgres") | Some("postgresql") => {
            if var(TEST_DATABASE_VAR).is_none() {
                panic!(
                    "{TEST_ENGINE_VAR}=postgres but {TEST_DATABASE_VAR} is not set: \
                     run the tests under scripts/with-postgres.sh"
                );
            }
            Engine::Postgres
        }
        Some(other) => {
            panic!("{TEST_ENGINE_VAR}={other:?}: expected \"sqlite\" (the default) or \"postgres\"")
        }
    }
}

/// The PostgreSQL schema of the test server on data directory `dir`:
/// `t_` and the first 16 hex digits of the SHA-256 of its absolute path, so
/// a server started again on the same directory finds its data, and two
/// directories never share a schema.
pub fn schema_for(dir: &Path) -> String {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let digest = Sha256::digest(abs.as_os_str().as_encoded_bytes());
    format!("t_{}", &hex::encode(digest)[..16])
}

/// A schema name used by nothing else yet (tests that put several servers
/// on one schema of their own).
pub fn fresh_schema() -> String {
    format!("t_{:016x}", rand::random::<u64>())
}

/// How many rows each of `tables` holds in `schema` of the database at
/// `url` (what a test reads straight from the SQLite file on that engine).
/// Blocking (a thread of its own), so callable from async tests too.
pub fn count_rows(url: &str, schema: &str, tables: &[&str]) -> Vec<i64> {
    let url = url.to_string();
    let queries: Vec<String> = tables
        .iter()
        .map(|t| format!("SELECT count(*) FROM \"{schema}\".{t}"))
        .collect();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect to the test database");
            tokio::spawn(conn);
            let mut counts = Vec::new();
            for q in &queries {
                let row = client.query_one(q, &[]).await.expect(q);
                counts.push(row.get::<_, i64>(0));
            }
            counts
        })
    })
    .join()
    .expect("the counting thread")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names() {
        let a = schema_for(Path::new("/dev/shm/onsite-test-abc"));
        assert_eq!(a, schema_for(Path::new("/dev/shm/onsite-test-abc")));
        assert_ne!(a, schema_for(Path::new("/dev/shm/onsite-test-abd")));
        assert_eq!(a.len(), 18);
        assert!(a.starts_with("t_"));
        assert!(a[2..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(fresh_schema(), fresh_schema());
    }
}
