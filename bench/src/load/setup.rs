//! What the load benchmark runs against: one server instance on its SQLite
//! file (the default deployment, keys `load.*`) or several instances sharing
//! one PostgreSQL database (issue 19, keys `load.pg2.*` for two).
//!
//! The PostgreSQL setup takes the database from `BENCH_DATABASE`, else from
//! `ONSITE_TEST_DATABASE` (what `scripts/with-postgres.sh` exports, and
//! `scripts/bench.sh` runs the benchmarks under it). Its store lives in a
//! fresh schema of that database, dropped after the run unless `BENCH_KEEP`
//! is set. Users, devices and orders are put into the store directly (the
//! harness's `add_user`, `enroll`, `put_doc`), then the instances are started
//! with the shared test harness: the first on the schema, the others
//! [`same_database_as`](onsite_test_support::ServerOptions::same_database_as)
//! the first, each with a data directory of its own.

use std::path::Path;
use std::sync::Arc;

use onsite_sync_server::store::ServerStore;
use onsite_sync_server::Database;
use onsite_test_support::pg::{self, Engine};
use onsite_test_support::TestServer;

/// The environment variable naming the PostgreSQL database to load.
pub const DATABASE_VAR: &str = "BENCH_DATABASE";

/// One deployment to load.
#[derive(Debug, Clone)]
pub enum Setup {
    /// One instance on the SQLite file in its data directory.
    Sqlite,
    /// `instances` instances on schema `schema` of the database at `url`.
    Postgres {
        url: String,
        schema: String,
        instances: usize,
    },
}

impl Setup {
    /// `instances` instances on a fresh schema of the database named by
    /// `BENCH_DATABASE` or `ONSITE_TEST_DATABASE`; without either, why not.
    pub fn postgres_from_env(instances: usize) -> Result<Setup, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let url = var(DATABASE_VAR)
            .or_else(|| var(pg::TEST_DATABASE_VAR))
            .ok_or_else(|| {
                format!(
                    "no PostgreSQL database: neither {DATABASE_VAR} nor {} is set \
                     (make bench runs the benchmarks under scripts/with-postgres.sh, \
                     which starts a private one and sets {})",
                    pg::TEST_DATABASE_VAR,
                    pg::TEST_DATABASE_VAR
                )
            })?;
        if !Database::is_postgres_url(&url) {
            return Err(format!("{url:?} is not a postgres:// URL"));
        }
        Ok(Setup::Postgres {
            url,
            schema: pg::fresh_schema(),
            instances: instances.max(1),
        })
    }

    /// The keys' prefix: `load` or `load.pg<instances>`.
    pub fn prefix(&self) -> String {
        match self {
            Setup::Sqlite => "load".into(),
            Setup::Postgres { instances, .. } => format!("load.pg{instances}"),
        }
    }

    /// In words, for the section header.
    pub fn describe(&self) -> String {
        match self {
            Setup::Sqlite => "1 instance on SQLite".into(),
            Setup::Postgres { instances, .. } => {
                format!("{instances} instances on one PostgreSQL")
            }
        }
    }

    /// Opens (creating and migrating) the store the instances will serve,
    /// to set it up before they start; `dir` is the first instance's data
    /// directory.
    pub fn open_store(&self, dir: &Path) -> anyhow::Result<Arc<dyn ServerStore>> {
        let db = match self {
            Setup::Sqlite => {
                // The harness follows ONSITE_TEST_ENGINE; this setup is SQLite.
                if pg::engine() != Engine::Sqlite {
                    anyhow::bail!(
                        "{}=postgres would serve the SQLite setup from PostgreSQL: unset it",
                        pg::TEST_ENGINE_VAR
                    );
                }
                Database::open(None, None, dir)?
            }
            Setup::Postgres { url, schema, .. } => Database::open(Some(url), Some(schema), dir)?,
        };
        Ok(db.into_store())
    }

    /// Starts the instances, on threads of their own; the first serves
    /// `dir`, the others (PostgreSQL) temporary directories.
    pub fn start(&self, dir: &Path) -> anyhow::Result<Vec<TestServer>> {
        match self {
            Setup::Sqlite => Ok(vec![TestServer::options()
                .data_dir(dir)
                .start_on_thread()?]),
            Setup::Postgres {
                url,
                schema,
                instances,
            } => {
                let first = TestServer::options()
                    .data_dir(dir)
                    .postgres(url, schema)
                    .start_on_thread()?;
                let mut all = Vec::with_capacity(*instances);
                for _ in 1..*instances {
                    all.push(
                        TestServer::options()
                            .same_database_as(&first)
                            .start_on_thread()?,
                    );
                }
                all.insert(0, first);
                Ok(all)
            }
        }
    }

    /// A guard that [cleans up](Self::clean_up) when dropped.
    pub fn clean_up_after(&self) -> CleanUp<'_> {
        CleanUp(self)
    }

    /// Drops the PostgreSQL schema (unless `BENCH_KEEP`); nothing on SQLite
    /// (the work folder goes with the run).
    pub fn clean_up(&self) {
        let Setup::Postgres { url, schema, .. } = self else {
            return;
        };
        if std::env::var_os("BENCH_KEEP").is_some() {
            eprintln!("[bench]   kept PostgreSQL schema {schema}");
            return;
        }
        let (url, sql) = (url.clone(), format!("DROP SCHEMA \"{schema}\" CASCADE"));
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async move {
                let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::spawn(conn);
                client.batch_execute(&sql).await.map_err(|e| e.to_string())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("[bench]   could not drop PostgreSQL schema {schema}: {dropped:?}");
        }
    }
}

/// [`Setup::clean_up`] when dropped ([`Setup::clean_up_after`]).
pub struct CleanUp<'a>(&'a Setup);

impl Drop for CleanUp<'_> {
    fn drop(&mut self) {
        self.0.clean_up();
    }
}
