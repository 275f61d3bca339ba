//! The charges section: charged orders and their totals by warranty tier
//! and by contract.

use std::collections::HashMap;

use super::cells::{bars, int, row, text, Ctx};
use crate::rules::warranty::Tier;
use crate::stats::facts::SignedFact;
use crate::stats::model::{Cell, Drill, Row, Table};
use crate::stats::words;

impl Ctx<'_> {
    pub(super) fn charge_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let drill = |tier, contract| Drill::Charges { tier, contract };
        let charged: Vec<(&SignedFact, Tier)> = self
            .facts
            .signed
            .iter()
            .filter_map(|s| s.tier.map(|t| (s, t)))
            .collect();
        let fen = |s: &SignedFact| s.charge_fen.unwrap_or(0);
        let all_fen: i64 = charged.iter().map(|(s, _)| fen(s)).sum();
        // Both tables end on the same total: every charged order.
        let total_row = || {
            let cells = vec![int(charged.len()), Cell::Fen(all_fen)];
            self.total_row(cells, drill(None, None))
        };
        let mut rows: Vec<Row> = Tier::ALL
            .iter()
            .map(|&t| {
                let these: Vec<&SignedFact> = charged
                    .iter()
                    .filter(|(_, k)| *k == t)
                    .map(|(s, _)| *s)
                    .collect();
                let sum = these.iter().map(|s| fen(s)).sum();
                let cells = vec![text(words::tier(t, lang)), int(these.len()), Cell::Fen(sum)];
                row(cells, drill(Some(t), None))
            })
            .collect();
        rows.push(total_row());
        let by_tier = self.table(
            "charges_by_tier",
            &["tier", "orders", "total"],
            rows,
            bars(&[2]),
        );

        let mut by_contract: HashMap<Option<&str>, (usize, i64)> = HashMap::new();
        for (s, _) in &charged {
            let e = by_contract.entry(s.contract_id.as_deref()).or_default();
            e.0 += 1;
            e.1 += fen(s);
        }
        let mut named: Vec<(String, &str)> = by_contract
            .keys()
            .flatten()
            .map(|id| (self.names.contract(id), *id))
            .collect();
        named.sort();
        let mut keys: Vec<Option<&str>> = named.into_iter().map(|(_, id)| Some(id)).collect();
        if by_contract.contains_key(&None) {
            keys.push(None);
        }
        let mut rows: Vec<Row> = keys
            .into_iter()
            .map(|k| {
                let (n, sum) = by_contract[&k];
                let label = match k {
                    Some(id) => self.names.contract(id),
                    None => words::no_contract(lang).to_string(),
                };
                let contract = Some(k.unwrap_or("").to_string());
                row(
                    vec![text(label), int(n), Cell::Fen(sum)],
                    drill(None, contract),
                )
            })
            .collect();
        rows.push(total_row());
        let columns = ["contract", "orders", "total"];
        let by_contract = self.table("charges_by_contract", &columns, rows, bars(&[2]));
        [by_tier, by_contract]
    }
}
