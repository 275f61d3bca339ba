//! A work order's row of figures for the office's reports (table
//! `wo_figures`, written beside its `wo_list` row): what its sign-off says
//! — the satisfaction, the charge the customer signed (the override's
//! amount when overridden), the warranty tier and whether a contract's
//! terms applied — and the order's maintenance contract. Everything but
//! the contract is `None` before signing, and the charge fields also when
//! the signed charges do not parse (the row says nothing rather than a
//! guess).

use rusqlite::{params, Connection};

use crate::model::{DocId, WorkOrder};
use crate::rules::charges::Charges;
use crate::rules::warranty::Tier;

/// One work order's figures (table `wo_figures`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WoFigures {
    /// `wo:<ulid>`.
    pub id: DocId,
    /// The sign-off's satisfaction (1–5 as signed).
    pub satisfaction: Option<i64>,
    /// What the customer signed for, fen.
    pub charge_fen: Option<i64>,
    /// The warranty tier the charge was computed under.
    pub tier: Option<Tier>,
    /// The charge followed a contract's terms.
    pub under_contract: Option<bool>,
    /// The maintenance contract on the order.
    pub contract_id: Option<DocId>,
}

/// The figures of `wo`.
pub(crate) fn figures_row(wo: &WorkOrder) -> WoFigures {
    let signoff = wo.signoff.as_ref();
    let charges = signoff.and_then(|s| match serde_json::from_str::<Charges>(&s.charges_json) {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::warn!(id = %wo.id, error = %e, "signed charges do not parse: no charge figures");
            None
        }
    });
    WoFigures {
        id: wo.id.clone(),
        satisfaction: signoff.map(|s| s.satisfaction),
        // `total_fen` is the override's amount when overridden.
        charge_fen: charges.as_ref().map(|c| c.total_fen),
        tier: charges.as_ref().map(|c| c.tier),
        under_contract: charges.as_ref().map(|c| c.under_contract),
        contract_id: wo.contract_id.clone(),
    }
}

/// Inserts `r` (its old row already deleted).
pub(super) fn write(conn: &Connection, r: &WoFigures) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO wo_figures (id, satisfaction, charge_fen, tier, under_contract, contract_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        r.id.as_str(),
        r.satisfaction,
        r.charge_fen,
        r.tier.map(|t| t.as_str()),
        r.under_contract,
        r.contract_id.as_ref().map(DocId::as_str),
    ])?;
    Ok(())
}
