//! The SQL both engines run as it is written: the tables it reads are the
//! same in `migrations/` (SQLite) and `pg_migrations/` (PostgreSQL). Their
//! parameters are `$1`, `$2`, … in order of first use: PostgreSQL reads
//! `$n` as the n-th argument, SQLite numbers named parameters in the order
//! they first appear, so a query here must use `$1` before `$2` and so on.

use onsite_core::model::DocKind;

/// Whether the document `$1` (of `kind`) is named by a work order assigned
/// to the user `$2` ([`super::ServerStore::linked_to`]); `None` for a kind
/// no work order names.
pub(super) fn linked_to(kind: DocKind) -> Option<&'static str> {
    match kind {
        DocKind::Customer => Some(
            "SELECT 1 FROM access WHERE customer_id = $1 AND kind = 'wo' AND assignee = $2 LIMIT 1",
        ),
        DocKind::Contract => Some(
            "SELECT 1 FROM access WHERE contract_id = $1 AND kind = 'wo' AND assignee = $2 LIMIT 1",
        ),
        _ => None,
    }
}

/// The device whose token hashes to `$1`, with its user: the device's
/// columns (0–7), the user's (8–12), the stored hash (13) and the number
/// of the user's last role change (14).
pub(super) const DEVICE_BY_TOKEN_HASH: &str =
    "SELECT d.id, d.user_name, d.label, d.slot, d.created_at, d.revoked_at, d.first_seq,
            d.last_sync_at, u.name, u.role, u.display_name, u.created_at, u.disabled_at,
            d.token_hash, u.role_seq
     FROM devices d JOIN users u ON u.name = d.user_name
     WHERE d.token_hash = $1";
