//! The parts section: the most-used parts and the pieces used by
//! warehouse.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::{chart, columns, int, row, table, text, Ctx};
use super::TOP_PARTS;
use crate::stats::model::{Cell, ChartKind, Drill, Row, Table};
use crate::stats::words;

impl Ctx<'_> {
    pub(super) fn part_tables(&self) -> [Table; 2] {
        let lang = self.lang;
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
                row(
                    vec![
                        text(no),
                        text(t.name),
                        Cell::Int(t.used),
                        int(t.orders.len()),
                    ],
                    Some(Drill::Parts {
                        part_no: Some(no.to_string()),
                        warehouse: None,
                    }),
                    false,
                )
            })
            .collect();
        let top = table(
            "parts_top",
            "parts",
            words::title("parts_top", lang).into(),
            columns(&["part_no", "name", "used", "orders"], lang),
            rows,
            chart(ChartKind::Bar, &[2]),
        );

        let mut named: Vec<(String, &str)> = by_wh
            .keys()
            .map(|w| (self.names.warehouse(w), *w))
            .collect();
        named.sort();
        let mut rows: Vec<Row> = named
            .into_iter()
            .map(|(name, code)| {
                let (used, lines) = by_wh[code];
                row(
                    vec![text(name), Cell::Int(used), int(lines)],
                    Some(Drill::Parts {
                        part_no: None,
                        warehouse: Some(code.to_string()),
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![
                text(words::total(lang)),
                Cell::Int(by_wh.values().map(|v| v.0).sum()),
                int(self.facts.parts.len()),
            ],
            Some(Drill::Parts {
                part_no: None,
                warehouse: None,
            }),
            true,
        ));
        let by_wh = table(
            "parts_by_warehouse",
            "parts",
            words::title("parts_by_warehouse", lang).into(),
            columns(&["warehouse", "used", "lines"], lang),
            rows,
            chart(ChartKind::Bar, &[1]),
        );
        [top, by_wh]
    }
}

/// One part's use in the period: its name, pieces used, the orders.
struct PartTally<'a> {
    name: &'a str,
    used: i64,
    orders: BTreeSet<&'a str>,
}
