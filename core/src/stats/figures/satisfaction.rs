//! The satisfaction section: the ratings' distribution and each
//! engineer's average rating.

use std::collections::HashMap;

use super::cells::{bars, int, row, share, text, Ctx};
use super::rating;
use crate::stats::facts::SignedFact;
use crate::stats::model::{Cell, Drill, Row, Table};

impl Ctx<'_> {
    pub(super) fn satisfaction_tables(&self) -> [Table; 2] {
        let drill = |rating, engineer| Drill::Satisfaction { rating, engineer };
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
                    drill(Some(r), None),
                )
            })
            .collect();
        rows.push(self.total_row(vec![int(n), share(n, n)], drill(None, None)));
        let columns = ["rating", "orders", "share"];
        let dist = self.table("satisfaction_distribution", &columns, rows, bars(&[1]));

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
        let mut rows = self.engineer_rows(&by_eng, |name, engineer, v| {
            row(vec![name, int(v.0), average(v)], drill(None, engineer))
        });
        let sum: u64 = rated.iter().map(|(_, r)| u64::from(*r)).sum();
        rows.push(self.total_row(vec![int(n), average((n, sum))], drill(None, None)));
        let columns = ["engineer", "orders", "average"];
        let by_eng = self.table("satisfaction_by_engineer", &columns, rows, bars(&[2]));
        [dist, by_eng]
    }
}
