//! The store's migrations runner: numbered SQL files built into the
//! binary, applied in one transaction under an advisory lock and recorded
//! in the `pg_migrations` table.

use deadpool_postgres::Pool;

use crate::store::StoreError;

/// The store's own migrations: (version, SQL).
const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("../pg_migrations/0001_schema.sql"))];

/// Brings the database (the schema, when given) to the current version in
/// one transaction, under an advisory lock: two instances starting at once
/// migrate it once, the second finds it done.
pub(super) async fn migrate(pool: Pool, schema: Option<String>) -> Result<(), StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let key = format!("onsite migrate {}", schema.as_deref().unwrap_or("public"));
    tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&key])
        .await?;
    if let Some(s) = &schema {
        // Checked by `check_schema`: a plain identifier.
        tx.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {s}; SET LOCAL search_path TO {s}"
        ))
        .await?;
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS pg_migrations (
             version     BIGINT PRIMARY KEY,
             applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let applied: i64 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM pg_migrations", &[])
        .await?
        .try_get(0)?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO pg_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
