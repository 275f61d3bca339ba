//! The customer list: a page of `cust_list` rows matching a search, by
//! organisation, and how many match in all.

use rusqlite::types::Value;
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{parse, words_match};
use crate::store::device::Store;
use crate::store::error::Result;
use crate::store::projection::CustomerRow;
use crate::store::Paging;

/// Which customers to list (`list_customers`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CustomerFilter {
    /// Words that must all appear (ignoring case) in the organisation, a
    /// site, a contact, a phone (also typed without spaces or dashes), a
    /// model or a serial number; empty lists everyone.
    pub query: String,
    /// Only key customers 关键用户.
    pub key_only: bool,
    /// One page of the list; unset: every match (the service's default
    /// page size first).
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: Paging,
}

const COLUMNS: &str =
    "id, org, key_customer, site_name, site_address, sites, contact, phone, equipment";

fn customer_row(r: &Row<'_>) -> rusqlite::Result<CustomerRow> {
    Ok(CustomerRow {
        id: parse("cust_list", r.get(0)?)?,
        org: r.get(1)?,
        key_customer: r.get(2)?,
        site_name: r.get(3)?,
        site_address: r.get(4)?,
        sites: r.get(5)?,
        contact: r.get(6)?,
        phone: r.get(7)?,
        equipment: r.get(8)?,
    })
}

/// `select` from `cust_list` with the `WHERE` clause of `filter`.
fn where_clause(select: &str, filter: &CustomerFilter) -> (String, Vec<Value>) {
    let mut sql = format!("{select} FROM cust_list WHERE 1 = 1");
    let mut args = Vec::new();
    words_match(&mut sql, &mut args, &filter.query);
    if filter.key_only {
        sql.push_str(" AND key_customer = 1");
    }
    (sql, args)
}

impl Store {
    /// The customers matching `filter`, by organisation; `limit` and
    /// `offset` select a page.
    pub fn list_customer_rows(&self, filter: &CustomerFilter) -> Result<Vec<CustomerRow>> {
        let (mut sql, mut args) = where_clause(&format!("SELECT {COLUMNS}"), filter);
        sql.push_str(" ORDER BY org, id");
        filter.page.push(&mut sql, &mut args);
        self.rows(&sql, args, customer_row)
    }

    /// How many customers match `filter`, whatever its page.
    pub fn count_customers(&self, filter: &CustomerFilter) -> Result<u32> {
        let (sql, args) = where_clause("SELECT count(*)", filter);
        self.count(&sql, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::CustomerBuilder;

    fn store_with(orgs: &[(&str, bool)]) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        for (org, key) in orgs {
            let b = CustomerBuilder::new(org);
            let b = if *key { b.key_customer() } else { b };
            let (id, mut am) = b.doc();
            s.create_doc_merging(&id, &mut am).unwrap();
        }
        s
    }

    fn orgs(rows: Vec<CustomerRow>) -> Vec<String> {
        rows.into_iter().map(|r| r.org).collect()
    }

    #[test]
    fn a_search_matches_every_word_anywhere_and_pages_by_organisation() {
        let s = store_with(&[
            ("华东电力", true),
            ("江南环境监测站", false),
            ("100%_实验室", false),
        ]);
        let all = s.list_customer_rows(&CustomerFilter::default()).unwrap();
        assert_eq!(
            orgs(all.clone()),
            ["100%_实验室", "华东电力", "江南环境监测站"]
        );
        assert_eq!(all[1].phone, "023-67891234");
        assert_eq!(all[1].equipment, 1);
        let find = |q: &str| {
            orgs(
                s.list_customer_rows(&CustomerFilter {
                    query: q.into(),
                    ..Default::default()
                })
                .unwrap(),
            )
        };
        assert_eq!(find("华东"), ["华东电力"]);
        assert_eq!(
            find("sn-江南"),
            ["江南环境监测站"],
            "by serial, ignoring case"
        );
        assert_eq!(
            find("02367891234").len(),
            3,
            "a phone typed without the dash"
        );
        assert_eq!(find("赵刚 华东"), ["华东电力"], "every word must match");
        assert_eq!(find("%_"), ["100%_实验室"], "LIKE's wildcards are text");
        assert!(find("成都").is_empty());
        let key = CustomerFilter {
            key_only: true,
            ..Default::default()
        };
        assert_eq!(orgs(s.list_customer_rows(&key).unwrap()), ["华东电力"]);
        let page = CustomerFilter {
            page: Paging::at(1, 1),
            ..Default::default()
        };
        assert_eq!(orgs(s.list_customer_rows(&page).unwrap()), ["华东电力"]);
        assert_eq!(s.count_customers(&page).unwrap(), 3);
    }
}
