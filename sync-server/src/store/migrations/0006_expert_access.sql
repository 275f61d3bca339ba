-- The work orders a technical expert is asked on (`experts` in the order),
-- listed per expert for reading, derived with the rest of the access row
-- every time an order is stored. (Migration 5 allowed the `expert` role.)
CREATE TABLE access_experts (
    doc_id  TEXT NOT NULL REFERENCES access (doc_id) ON DELETE CASCADE,
    user    TEXT NOT NULL,
    PRIMARY KEY (doc_id, user)
);
CREATE INDEX access_experts_user ON access_experts (user);
