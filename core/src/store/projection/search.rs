//! The search text of a list row (`cust_list.search`, `wo_search.search`):
//! the words a search box may match, lower-cased, one per line, with each
//! phone number also written as its digits alone (021-5555 0101 is found as
//! 55550101 too). The query side is [`crate::store::query`]'s `words_match`.

use crate::model::WorkOrder;

/// One kind of word in a search text.
pub(in crate::store) enum Word<'a> {
    /// Matched as written (ignoring case).
    Text(&'a str),
    /// A phone number: matched as written and as its digits alone.
    Phone(&'a str),
}

/// What the order search box matches: the order's number, the customer's
/// organisation, contact and phone, the equipment's model and serial.
pub(in crate::store) fn work_order(wo: &WorkOrder) -> String {
    let (c, e) = (&wo.customer, &wo.equipment);
    search_text([
        Word::Text(&wo.number),
        Word::Text(&c.org),
        Word::Text(&c.contact),
        Word::Phone(&c.phone),
        Word::Text(&e.model),
        Word::Text(&e.serial),
    ])
}

/// The search text of `words`; empty words are left out.
pub(in crate::store) fn search_text<'a>(words: impl IntoIterator<Item = Word<'a>>) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        match word {
            Word::Text(t) => lines.push(t.to_lowercase()),
            Word::Phone(p) => {
                lines.push(p.to_lowercase());
                lines.push(p.chars().filter(char::is_ascii_digit).collect());
            }
        }
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_and_phones_also_kept_as_digits() {
        let text = search_text([
            Word::Text("SN-7"),
            Word::Text(""),
            Word::Phone("021-5555 0101"),
        ]);
        assert_eq!(text, "sn-7\n021-5555 0101\n02155550101");
    }
}
