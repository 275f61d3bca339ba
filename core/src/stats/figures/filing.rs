//! The filing section: signed records on time, late, overdue or not yet
//! filed against their filing deadline, by engineer.

use std::collections::HashMap;

use super::cells::{int, share, stacked, text, Ctx};
use super::filing_outcome;
use crate::stats::model::{Cell, Drill, FilingOutcome, Row, Table};
use crate::stats::words;

impl Ctx<'_> {
    pub(super) fn filing_table(&self) -> Table {
        let lang = self.lang;
        let mut by_eng: HashMap<Option<&str>, [usize; 4]> = HashMap::new();
        let mut all = [0usize; 4];
        for s in &self.facts.signed {
            let i = filing_index(filing_outcome(s, self.now));
            by_eng.entry(s.assignee.as_deref()).or_default()[i] += 1;
            all[i] += 1;
        }
        let make = |first: Cell, n: [usize; 4], engineer: Option<String>, total: bool| {
            let d = |o: Option<FilingOutcome>| Drill::Filing {
                outcome: o,
                engineer: engineer.clone(),
            };
            let judged = n[0] + n[1] + n[2];
            Row {
                cells: vec![
                    first,
                    int(n[0]),
                    int(n[1]),
                    int(n[2]),
                    int(n[3]),
                    share(n[0], judged),
                ],
                drill: Some(d(None)),
                cell_drills: vec![
                    None,
                    Some(d(Some(FilingOutcome::OnTime))),
                    Some(d(Some(FilingOutcome::Late))),
                    Some(d(Some(FilingOutcome::Overdue))),
                    Some(d(Some(FilingOutcome::NotYetFiled))),
                    None,
                ],
                total,
            }
        };
        let mut rows =
            self.engineer_rows(&by_eng, |name, engineer, n| make(name, n, engineer, false));
        rows.push(make(text(words::total(lang)), all, None, true));
        let columns = [
            "engineer",
            "on_time",
            "late",
            "overdue",
            "not_yet_filed",
            "on_time_share",
        ];
        self.table("filing_by_engineer", &columns, rows, stacked(&[1, 2, 3, 4]))
    }
}

fn filing_index(o: FilingOutcome) -> usize {
    match o {
        FilingOutcome::OnTime => 0,
        FilingOutcome::Late => 1,
        FilingOutcome::Overdue => 2,
        FilingOutcome::NotYetFiled => 3,
    }
}
