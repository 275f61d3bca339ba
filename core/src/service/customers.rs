//! Customers 用户 and their equipment: create one, search them.

use super::views::NewCustomer;
use super::{ApiError, Device};
use crate::doc;
use crate::model::{Customer, DocId, DocKind};
use crate::rules::state::Role;

impl Device {
    /// Creates a customer (office only).
    pub fn create_customer(&mut self, input: NewCustomer) -> Result<Customer, ApiError> {
        if self.actor.role != Role::Office {
            return Err(ApiError::forbidden("only the office creates customers"));
        }
        if input.org.trim().is_empty() {
            return Err(ApiError::invalid("the customer's organisation is required"));
        }
        let c = Customer {
            id: DocId::new(DocKind::Customer),
            org: input.org.trim().to_owned(),
            site_address: input.site_address,
            contact: input.contact,
            phone: input.phone,
            key_customer: input.key_customer,
            equipment: input.equipment,
            last_survey_at: None,
            last_visit_at: None,
        };
        let mut am = doc::create(DocKind::Customer, &c)?;
        am.set_actor(self.store.actor().clone());
        self.store.create_doc(&c.id, &mut am)?;
        Ok(c)
    }

    /// Customers whose organisation, address, contact, phone or equipment
    /// serial contains `query` (case-insensitive; empty lists all), by
    /// organisation.
    pub fn list_customers(&self, query: &str) -> Result<Vec<Customer>, ApiError> {
        let q = query.trim().to_lowercase();
        let mut out = Vec::new();
        for id in self.store.doc_ids(DocKind::Customer)? {
            let Some(am) = self.store.load(&id)? else {
                continue;
            };
            let c: Customer = match doc::read(&am, DocKind::Customer) {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(%id, error = %e, "customer does not parse: skipped");
                    continue;
                }
            };
            let hay = [&c.org, &c.site_address, &c.contact, &c.phone];
            let hit = q.is_empty()
                || hay.iter().any(|s| s.to_lowercase().contains(&q))
                || c.equipment
                    .iter()
                    .any(|e| e.serial.to_lowercase().contains(&q));
            if hit {
                out.push(c);
            }
        }
        out.sort_by(|a, b| a.org.cmp(&b.org));
        Ok(out)
    }
}
