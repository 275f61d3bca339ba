//! The satisfaction section: the ratings' distribution and each
//! engineer's average rating.

use std::collections::HashMap;

use super::cells::{
    chart, columns, engineer_cell, engineer_key, engineer_order, int, row, share, table, text, Ctx,
};
use super::rating;
use crate::stats::facts::SignedFact;
use crate::stats::model::{Cell, ChartKind, Drill, Row, Table};
use crate::stats::words;

impl Ctx<'_> {
    pub(super) fn satisfaction_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let rated: Vec<(&SignedFact, u8)> = self
            .facts
            .signed
            .iter()
            .filter_map(|s| rating(s).map(|r| (s, r)))
            .collect();
        let n = rated.len();
        let mut rows: Vec<Row> = (1..=5u8)
            .map(|r| {
                let k = rated.iter().filter(|(_, v)| *v == r).count();
                row(
                    vec![text(r.to_string()), int(k), share(k, n)],
                    Some(Drill::Satisfaction {
                        rating: Some(r),
                        engineer: None,
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![text(words::total(lang)), int(n), share(n, n)],
            Some(Drill::Satisfaction {
                rating: None,
                engineer: None,
            }),
            true,
        ));
        let dist = table(
            "satisfaction_distribution",
            "satisfaction",
            words::title("satisfaction_distribution", lang).into(),
            columns(&["rating", "orders", "share"], lang),
            rows,
            chart(ChartKind::Bar, &[1]),
        );

        let mut by_eng: HashMap<Option<&str>, (usize, u64)> = HashMap::new();
        for (s, r) in &rated {
            let e = by_eng.entry(s.assignee.as_deref()).or_default();
            e.0 += 1;
            e.1 += u64::from(*r);
        }
        let average = |(k, sum): (usize, u64)| {
            if k == 0 {
                Cell::Empty
            } else {
                Cell::Decimal((sum as f64 / k as f64 * 100.0).round() / 100.0)
            }
        };
        let mut rows: Vec<Row> = engineer_order(self.names, by_eng.keys().copied())
            .iter()
            .map(|e| {
                let v = by_eng.get(&e.as_deref()).copied().unwrap_or_default();
                row(
                    vec![engineer_cell(self.names, e, lang), int(v.0), average(v)],
                    Some(Drill::Satisfaction {
                        rating: None,
                        engineer: engineer_key(e),
                    }),
                    false,
                )
            })
            .collect();
        let sum: u64 = rated.iter().map(|(_, r)| u64::from(*r)).sum();
        rows.push(row(
            vec![text(words::total(lang)), int(n), average((n, sum))],
            Some(Drill::Satisfaction {
                rating: None,
                engineer: None,
            }),
            true,
        ));
        let by_eng = table(
            "satisfaction_by_engineer",
            "satisfaction",
            words::title("satisfaction_by_engineer", lang).into(),
            columns(&["engineer", "orders", "average"], lang),
            rows,
            chart(ChartKind::Bar, &[2]),
        );
        [dist, by_eng]
    }
}
