//! The [`ServerStore`] on PostgreSQL (issue 19): several server processes
//! share one database.
//!
//! This file owns the connection: [`PgStore::connect`] parses the URL,
//! builds a `deadpool-postgres` pool (8 connections) on the store's OWN
//! small tokio runtime (2 worker threads), brings the database to the
//! current schema (`pg_migrations/`, under an advisory lock, in one
//! transaction) and routes each [`ServerStore`] method to the topic
//! modules: [`accounts`] (users and devices), [`documents`] (documents,
//! access rows, sync states, the commit and its change-sequence number),
//! [`queries`] (change feed and listings), [`attribution`] (actors and
//! change receipts), [`blobs`] (photo bytes and uploads).
//!
//! The runtime bridge: the trait is blocking, so every method moves its
//! arguments into an async body, spawns it on the store's runtime and
//! waits for the answer on a `std::sync::mpsc` channel. That works from
//! `spawn_blocking` threads, plain threads and from inside an async test
//! alike (nothing here calls `block_on` on a caller's runtime); `Drop`
//! shuts the runtime down in the background, which never panics inside an
//! async context.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use automerge::{ActorId, AutoCommit};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use onsite_core::model::DocKind;
use onsite_core::store::docs::SavedForm;
use onsite_core::sync::attribution::{ActorRegistered, ChangeReceipt};
use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{NoTls, Row, ToStatement};

use crate::role::Role;

use super::{
    ActorOwner, Appended, BlobState, BlobUpload, ChangedPage, CommitOutcome, DeviceAuth, DocCommit,
    DocHead, DocSummary, EnrolledDevice, Flag, NewDevice, Reader, Receipt, ServerStore, StoreError,
    StoredDoc, User,
};

mod accounts;
mod attribution;
mod blobs;
mod bridge;
mod docstore;
mod documents;
mod migrate;
mod queries;

use bridge::Bridge;

/// Connections in the pool.
const POOL_SIZE: usize = 8;

/// The PostgreSQL implementation of [`ServerStore`].
pub struct PgStore {
    pool: Pool,
    bridge: Bridge,
    /// Read at connecting, changed by [`PgStore::new_epoch`].
    epoch: Mutex<[u8; 8]>,
    /// Made once by the first migration and never changed.
    server_actor: ActorId,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgStore")
    }
}

/// A schema name the store accepts: an unquoted lower-case identifier.
fn check_schema(schema: &str) -> Result<(), StoreError> {
    let ok = !schema.is_empty()
        && schema.len() <= 63
        && !schema.starts_with("pg_")
        && schema
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::PgConfig(format!(
            "schema {schema:?}: use lower-case letters, digits and _ (not starting with pg_)"
        )))
    }
}

/// A `server_meta` value.
async fn meta(client: &impl GenericClient, key: &str) -> Result<Vec<u8>, StoreError> {
    let row = client
        .query_one("SELECT value FROM server_meta WHERE key = $1", &[&key])
        .await?;
    Ok(row.try_get(0)?)
}

fn epoch_bytes(bytes: &[u8]) -> Result<[u8; 8], StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::PgConfig(format!("server_meta epoch has {} bytes", bytes.len())))
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`), brings
    /// the database to the current schema (taking an advisory lock, so two
    /// instances starting at once migrate it once) and returns the store.
    /// Blocking; may be called from inside or outside a tokio runtime.
    /// With `schema`, the store lives in that schema (created when
    /// missing): every pooled connection's `search_path` is set to it.
    pub fn connect(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::PgConfig(format!("{url}: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if let Some(s) = schema {
            check_schema(s)?;
            let options = match config.get_options() {
                Some(o) if !o.is_empty() => format!("{o} -c search_path={s}"),
                _ => format!("-c search_path={s}"),
            };
            config.options(options);
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let bridge = Bridge::new()?;
        let pool = {
            // Building the pool needs the runtime's context (its timers).
            let _inside = bridge.enter();
            Pool::builder(manager)
                .max_size(POOL_SIZE)
                .build()
                .map_err(|e| StoreError::PgConfig(e.to_string()))?
        };
        let (p, s) = (pool.clone(), schema.map(str::to_string));
        bridge.run(migrate::migrate(p, s))?;
        let p = pool.clone();
        let (epoch, actor) = bridge.run(async move {
            let client = p.get().await?;
            Ok((
                meta(&client, "epoch").await?,
                meta(&client, "server_actor").await?,
            ))
        })?;
        Ok(PgStore {
            pool,
            bridge,
            epoch: Mutex::new(epoch_bytes(&epoch)?),
            server_actor: ActorId::from(&actor[..]),
        })
    }

    /// Starts the epoch over (after a restore from `pg_dump`: devices'
    /// cursors of the old epoch start over, see `docs/operations.md`).
    pub fn new_epoch(&self) -> Result<[u8; 8], StoreError> {
        let pool = self.pool.clone();
        let bytes = self.bridge.run(async move {
            let client = pool.get().await?;
            let row = client
                .query_one(
                    "UPDATE server_meta SET value = substring(uuid_send(gen_random_uuid()) FROM 9 FOR 8)
                     WHERE key = 'epoch' RETURNING value",
                    &[],
                )
                .await?;
            Ok(row.try_get::<_, Vec<u8>>(0)?)
        })?;
        let epoch = epoch_bytes(&bytes)?;
        *self.epoch.lock().unwrap_or_else(|e| e.into_inner()) = epoch;
        Ok(epoch)
    }

    /// Runs a topic module's async body on the store's runtime.
    fn run<T, F, Fut>(&self, body: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(Pool) -> Fut,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        self.bridge.run(body(self.pool.clone()))
    }
}

impl ServerStore for PgStore {
    fn add_user(&self, user: &User) -> Result<(), StoreError> {
        let user = user.clone();
        self.run(|p| async move { accounts::add_user(&p, &user).await })
    }
    fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let name = name.to_string();
        self.run(|p| async move { accounts::user(&p.get().await?, &name).await })
    }
    fn users(&self) -> Result<Vec<User>, StoreError> {
        self.run(|p| async move { accounts::users(&p).await })
    }
    fn set_user_disabled(&self, name: &str, at: Option<i64>) -> Result<User, StoreError> {
        let name = name.to_string();
        self.run(|p| async move { accounts::set_user_disabled(&p, &name, at).await })
    }
    fn set_user_role(&self, name: &str, role: Role) -> Result<User, StoreError> {
        let name = name.to_string();
        self.run(|p| async move { accounts::set_user_role(&p, &name, role).await })
    }
    fn add_device(&self, new: NewDevice<'_>) -> Result<EnrolledDevice, StoreError> {
        let new = accounts::OwnedNewDevice::from(new);
        self.run(|p| async move { accounts::add_device(&p, new).await })
    }
    fn device_by_token_hash(
        &self,
        token_hash: &[u8; 32],
    ) -> Result<Option<DeviceAuth>, StoreError> {
        let hash = *token_hash;
        self.run(|p| async move { accounts::device_by_token_hash(&p, &hash).await })
    }
    fn revoke_device(&self, id: i64, now_ms: i64) -> Result<EnrolledDevice, StoreError> {
        self.run(|p| async move { accounts::revoke_device(&p, id, now_ms).await })
    }
    fn devices(&self) -> Result<Vec<EnrolledDevice>, StoreError> {
        self.run(|p| async move { accounts::devices(&p).await })
    }
    fn record_sync(&self, device_id: i64, now_ms: i64) -> Result<(), StoreError> {
        self.run(|p| async move { accounts::record_sync(&p, device_id, now_ms).await })
    }
    fn epoch(&self) -> Result<[u8; 8], StoreError> {
        Ok(*self.epoch.lock().unwrap_or_else(|e| e.into_inner()))
    }
    fn load_doc(&self, id: &str) -> Result<Option<StoredDoc>, StoreError> {
        let id = id.to_string();
        self.run(|p| async move { documents::load_doc(&p.get().await?, &id).await })
    }
    fn doc_head(&self, id: &str) -> Result<Option<DocHead>, StoreError> {
        let id = id.to_string();
        self.run(|p| async move { documents::doc_head(&p, &id).await })
    }
    fn saved_form(&self, id: &str) -> Result<Option<SavedForm>, StoreError> {
        let id = id.to_string();
        self.run(|p| async move { docstore::saved_form(&p.get().await?, &id).await })
    }
    fn commit_doc(&self, c: DocCommit<'_>) -> Result<CommitOutcome, StoreError> {
        // The body needs the document for itself ('static): it is moved
        // there and handed back with the answer.
        let (owned, doc) = documents::OwnedCommit::from(c);
        let taken = std::mem::replace(doc, AutoCommit::new());
        let (outcome, back) =
            self.run(|p| async move { documents::commit_doc(&p, owned, taken).await })?;
        *doc = back;
        outcome
    }
    fn sync_state(&self, device_id: i64, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let doc_id = doc_id.to_string();
        self.run(|p| async move { documents::sync_state(&p, device_id, &doc_id).await })
    }
    fn put_sync_state(&self, device_id: i64, doc_id: &str, state: &[u8]) -> Result<(), StoreError> {
        let states = vec![(doc_id.to_string(), state.to_vec())];
        self.run(|p| async move { documents::put_sync_states(&p, device_id, &states).await })
    }
    fn put_sync_states(
        &self,
        device_id: i64,
        states: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        let states = states.to_vec();
        self.run(|p| async move { documents::put_sync_states(&p, device_id, &states).await })
    }
    fn linked_to(&self, user: &str, id: &str, kind: DocKind) -> Result<bool, StoreError> {
        let (user, id) = (user.to_string(), id.to_string());
        self.run(|p| async move { queries::linked_to(&p, &user, &id, kind).await })
    }
    fn receipt(&self, doc_id: &str) -> Result<Option<Receipt>, StoreError> {
        let doc_id = doc_id.to_string();
        self.run(|p| async move { queries::receipt(&p, &doc_id).await })
    }
    fn changed_since(
        &self,
        reader: Reader<'_>,
        after: u64,
        limit: usize,
    ) -> Result<ChangedPage, StoreError> {
        let (user, role) = (reader.user.to_string(), reader.role);
        self.run(|p| async move { queries::changed_since(&p, &user, role, after, limit).await })
    }
    fn max_seq(&self) -> Result<u64, StoreError> {
        self.run(|p| async move { queries::max_seq(&p).await })
    }
    fn doc_list(&self, kind: Option<DocKind>) -> Result<Vec<DocSummary>, StoreError> {
        self.run(|p| async move { queries::doc_list(&p, kind).await })
    }
    fn receipts(&self) -> Result<Vec<Receipt>, StoreError> {
        self.run(|p| async move { queries::receipts(&p).await })
    }
    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        self.run(|p| async move { queries::flags(&p).await })
    }
    fn register_actor(
        &self,
        actor: &ActorId,
        device_id: i64,
        now_ms: i64,
        limit: usize,
    ) -> Result<ActorRegistered, StoreError> {
        let actor = actor.clone();
        self.run(|p| async move {
            attribution::register_actor(&p, &actor, device_id, now_ms, limit).await
        })
    }
    fn actor_owners(
        &self,
        actors: &[ActorId],
    ) -> Result<BTreeMap<ActorId, ActorOwner>, StoreError> {
        let actors = actors.to_vec();
        self.run(|p| async move { attribution::actor_owners(&p, &actors).await })
    }
    fn server_actor(&self) -> Result<ActorId, StoreError> {
        Ok(self.server_actor.clone())
    }
    fn provenance(
        &self,
        doc_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<ChangeReceipt>>, StoreError> {
        let doc_ids = doc_ids.to_vec();
        self.run(|p| async move { attribution::provenance(&p, &doc_ids).await })
    }
    fn actor_counts(&self) -> Result<BTreeMap<i64, u64>, StoreError> {
        self.run(|p| async move { attribution::actor_counts(&p).await })
    }
    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>, StoreError> {
        let hashes = hashes.to_vec();
        self.run(|p| async move { blobs::missing(&p, &hashes).await })
    }
    fn blob_state(&self, hash: &str) -> Result<BlobState, StoreError> {
        let hash = hash.to_string();
        self.run(|p| async move { blobs::state(&p.get().await?, &hash, false).await })
    }
    fn append_blob(&self, up: BlobUpload<'_>) -> Result<Appended, StoreError> {
        // The body needs the hash and the bytes for itself ('static).
        let (hash, bytes) = (up.hash.to_string(), up.bytes.to_vec());
        let BlobUpload {
            offset,
            length,
            device_id,
            now_ms,
            ..
        } = up;
        self.run(|p| async move {
            let up = BlobUpload {
                hash: &hash,
                offset,
                length,
                bytes: &bytes,
                device_id,
                now_ms,
            };
            blobs::append(&p, up).await
        })
    }
    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let hash = hash.to_string();
        self.run(|p| async move { blobs::bytes(&p, &hash).await })
    }
    fn blob_docs(&self, hash: &str) -> Result<Vec<String>, StoreError> {
        let hash = hash.to_string();
        self.run(|p| async move { blobs::referencing(&p, &hash).await })
    }
}

/// Sequence numbers and other counts are stored as BIGINT (never negative).
fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// A `u64` for a BIGINT parameter (numbers the store made, below 2^63).
fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Every row `sql` gives for `params`, each made by `row` (the listings of
/// the topic modules).
async fn all_rows<T>(
    pool: &Pool,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    row: impl FnMut(&Row) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let client = pool.get().await?;
    let rows = client.query(sql, params).await?;
    rows.iter().map(row).collect()
}

/// The first column of the row `statement` gives for `params`, if it gives
/// one.
async fn first_value<T>(
    client: &impl GenericClient,
    statement: &(impl ToStatement + Sync + Send + ?Sized),
    params: &[&(dyn ToSql + Sync)],
) -> Result<Option<T>, StoreError>
where
    T: for<'a> FromSql<'a>,
{
    let row = client.query_opt(statement, params).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

#[cfg(test)]
mod tests;
