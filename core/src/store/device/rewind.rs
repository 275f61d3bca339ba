//! Test support: a device file taken back to an older schema version, as an
//! older Onsite left it, by undoing the migrations above that version that
//! cannot run twice (the rest create only what is missing). One list, so a
//! new migration that adds a column or table adds its undo here once.

use rusqlite::Connection;

/// Per migration version, what undoes it.
const UNDO: &[(i64, &str)] = &[
    (3, "ALTER TABLE wo_list DROP COLUMN loaner_issued;"),
    (4, "ALTER TABLE pickup_list DROP COLUMN serials;"),
    (5, "DROP TABLE drafts;"),
    (7, "DROP TABLE care_follow_ups; DROP TABLE care_customers;"),
    (
        8,
        "DROP TABLE cust_list; DROP INDEX wo_list_customer;
         ALTER TABLE wo_list DROP COLUMN customer_id;",
    ),
    (
        9,
        "DROP INDEX wo_list_closed_at; ALTER TABLE wo_list DROP COLUMN closed_at;
         DROP TABLE complaint_list;",
    ),
    (10, "DROP INDEX wo_list_reported_at; DROP TABLE wo_search;"),
    (
        11,
        "DROP INDEX pickup_list_picked_at;
         ALTER TABLE pickup_list DROP COLUMN pickup_state;
         ALTER TABLE pickup_list DROP COLUMN return_state;
         ALTER TABLE pickup_list DROP COLUMN confirmed_counted;
         ALTER TABLE pickup_list DROP COLUMN return_counted;
         ALTER TABLE pickup_list DROP COLUMN work_order_no;
         ALTER TABLE stock_list DROP COLUMN unit; ALTER TABLE stock_list DROP COLUMN retired;",
    ),
    (
        12,
        "ALTER TABLE wo_list DROP COLUMN contract_call;
         ALTER TABLE wo_list DROP COLUMN loaner_serial;
         ALTER TABLE wo_list DROP COLUMN loaner_issued_at;
         ALTER TABLE wo_list DROP COLUMN loaner_returned_at;
         ALTER TABLE wo_list DROP COLUMN planned_until;",
    ),
    (13, "DROP INDEX wo_list_signed_at; DROP TABLE wo_figures;"),
    (
        14,
        "DROP INDEX prov_changes_doc; DROP TABLE prov_changes; DROP TABLE prov_actors;",
    ),
    (
        15,
        "DROP INDEX wo_photos_hash; DROP TABLE wo_photos; DROP TABLE blobs;",
    ),
];

/// Undoes every migration above `to`, newest first, and records `to` as
/// the file's schema version.
pub(crate) fn rewind(conn: &Connection, to: i64) {
    for (version, sql) in UNDO.iter().rev().filter(|(v, _)| *v > to) {
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("undo migration {version}: {e}"));
    }
    conn.pragma_update(None, "user_version", to).unwrap();
}
