//! One page of a list: how many rows and from where. Every list filter
//! (work orders, customers, complaints, follow-ups, due lists, the order
//! search) carries one, flattened, so the UI still sends `limit` and
//! `offset` beside the filter's own fields; the store turns it into SQL's
//! `LIMIT ? OFFSET ?`.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a page starts and how long it is; both unset: every row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Paging {
    /// At most this many; `None`: all of them (the services put their
    /// default page size here first).
    pub limit: Option<u32>,
    /// Skip this many first (the page's start, in the list's order);
    /// `None`: from the first.
    pub offset: Option<u32>,
}

impl Paging {
    /// The first `limit` rows.
    pub fn first(limit: u32) -> Self {
        Paging {
            limit: Some(limit),
            offset: None,
        }
    }

    /// `limit` rows from `offset`.
    pub fn at(offset: u32, limit: u32) -> Self {
        Paging {
            limit: Some(limit),
            offset: Some(offset),
        }
    }

    /// This page, `default` rows long when it sets no length.
    pub fn or_length(self, default: u32) -> Self {
        Paging {
            limit: Some(self.limit.unwrap_or(default)),
            ..self
        }
    }

    /// The two arguments of `LIMIT ? OFFSET ?` (SQLite reads a negative
    /// limit as none).
    pub(crate) fn args(self) -> [Value; 2] {
        [
            Value::Integer(self.limit.map_or(-1, i64::from)),
            Value::Integer(self.offset.map_or(0, i64::from)),
        ]
    }

    /// Appends `LIMIT ? OFFSET ?` and its arguments (nothing when both are
    /// unset: every row).
    pub(crate) fn push(self, sql: &mut String, args: &mut Vec<Value>) {
        if self.limit.is_some() || self.offset.is_some() {
            sql.push_str(" LIMIT ? OFFSET ?");
            args.extend(self.args());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Paging;

    #[test]
    fn a_filter_sent_with_limit_and_offset_beside_its_fields_reads_them() {
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Filter {
            open_only: bool,
            #[serde(flatten)]
            page: Paging,
        }
        let f: Filter =
            serde_json::from_str(r#"{"open_only":true,"limit":5,"offset":10}"#).unwrap();
        assert!(f.open_only);
        assert_eq!(f.page, Paging::at(10, 5));
        let none: Filter = serde_json::from_str("{}").unwrap();
        assert_eq!(none.page, Paging::default());
        assert_eq!(none.page.or_length(50), Paging::first(50));
    }
}
