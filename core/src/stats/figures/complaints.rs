//! The complaints section: complaints by class, and by month against the
//! orders closed (the complaint rate).

use std::collections::HashMap;

use super::cells::{bars, int, row, text, Ctx};
use crate::model::ComplaintClass;
use crate::rules::complaints::complaint_rate;
use crate::stats::model::{Cell, Drill, Row, Table};
use crate::stats::period::month_key_of;
use crate::stats::words;

impl Ctx<'_> {
    pub(super) fn complaint_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let tz = self.period.tz;
        let drill = |class, month| Drill::Complaints { class, month };
        let complaints = &self.facts.complaints;
        let mut rows: Vec<Row> = ComplaintClass::ALL
            .iter()
            .map(|&k| {
                let n = complaints.iter().filter(|c| c.class == k).count();
                let class = Some(k.as_str().to_string());
                row(
                    vec![text(words::class(k, lang)), int(n)],
                    drill(class, None),
                )
            })
            .collect();
        rows.push(self.total_row(vec![int(complaints.len())], drill(None, None)));
        let columns = ["class", "complaints"];
        let by_class = self.table("complaints_by_class", &columns, rows, bars(&[1]));

        let mut received: HashMap<String, usize> = HashMap::new();
        for c in complaints {
            *received.entry(month_key_of(c.received_at, tz)).or_default() += 1;
        }
        let mut closed: HashMap<String, usize> = HashMap::new();
        for &at in &self.facts.closed {
            *closed.entry(month_key_of(at, tz)).or_default() += 1;
        }
        let rate = |n: usize, k: usize| match complaint_rate(n as u32, k as u32) {
            Some(r) => Cell::Share(r),
            None => Cell::Empty,
        };
        let mut rows: Vec<Row> = self
            .period
            .months()
            .into_iter()
            .map(|m| {
                let (n, k) = (
                    received.get(&m).copied().unwrap_or(0),
                    closed.get(&m).copied().unwrap_or(0),
                );
                let cells = vec![text(&m), int(n), int(k), rate(n, k)];
                row(cells, drill(None, Some(m)))
            })
            .collect();
        let (n, k) = (complaints.len(), self.facts.closed.len());
        rows.push(self.total_row(vec![int(n), int(k), rate(n, k)], drill(None, None)));
        let columns = ["month", "complaints", "closed_orders", "rate"];
        let by_month = self.table("complaints_by_month", &columns, rows, bars(&[1, 2]));
        [by_class, by_month]
    }
}
