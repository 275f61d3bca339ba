//! The parts section: the most-used parts and the pieces used by
//! warehouse.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::{bars, int, row, text, Ctx};
use super::TOP_PARTS;
use crate::stats::model::{Cell, Drill, Row, Table};

impl Ctx<'_> {
    pub(super) fn part_tables(&self) -> [Table; 2] {
        let drill = |part_no, warehouse| Drill::Parts { part_no, warehouse };
        let mut by_part: BTreeMap<&str, PartTally<'_>> = BTreeMap::new();
        let mut by_wh: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
        for p in &self.facts.parts {
            let e = by_part.entry(p.part_no.as_str()).or_insert(PartTally {
                name: p.name.as_str(),
                used: 0,
                orders: BTreeSet::new(),
            });
            e.used += p.used;
            e.orders.insert(p.work_order_id.as_str());
            let w = by_wh.entry(p.warehouse.as_str()).or_default();
            w.0 += p.used;
            w.1 += 1;
        }
        let mut top: Vec<(&str, &PartTally<'_>)> = by_part.iter().map(|(k, v)| (*k, v)).collect();
        top.sort_by(|a, b| b.1.used.cmp(&a.1.used).then(a.0.cmp(b.0)));
        let rows = top
            .into_iter()
            .take(TOP_PARTS)
            .map(|(no, t)| {
                let cells = vec![
                    text(no),
                    text(t.name),
                    Cell::Int(t.used),
                    int(t.orders.len()),
                ];
                row(cells, drill(Some(no.to_string()), None))
            })
            .collect();
        let columns = ["part_no", "name", "used", "orders"];
        let top = self.table("parts_top", &columns, rows, bars(&[2]));

        let mut named: Vec<(String, &str)> = by_wh
            .keys()
            .map(|w| (self.names.warehouse(w), *w))
            .collect();
        named.sort();
        let mut rows: Vec<Row> = named
            .into_iter()
            .map(|(name, code)| {
                let (used, lines) = by_wh[code];
                let cells = vec![text(name), Cell::Int(used), int(lines)];
                row(cells, drill(None, Some(code.to_string())))
            })
            .collect();
        let used = by_wh.values().map(|v| v.0).sum();
        let total = vec![Cell::Int(used), int(self.facts.parts.len())];
        rows.push(self.total_row(total, drill(None, None)));
        let columns = ["warehouse", "used", "lines"];
        let by_wh = self.table("parts_by_warehouse", &columns, rows, bars(&[1]));
        [top, by_wh]
    }
}

/// One part's use in the period: its name, pieces used, the orders.
struct PartTally<'a> {
    name: &'a str,
    used: i64,
    orders: BTreeSet<&'a str>,
}
