-- The customer register. Each free-text customer already on an asset or a certificate becomes a
-- register entry whose ID and legal name are that text, flagged as migrated until confirmed.
CREATE TABLE customer (
    customer_id TEXT COLLATE "C" PRIMARY KEY,
    legal_name TEXT NOT NULL,
    country TEXT,
    contact TEXT,
    dpa_reference TEXT,
    created_at TEXT NOT NULL,
    migrated_from_free_text BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO customer (customer_id, legal_name, created_at, migrated_from_free_text)
    SELECT DISTINCT customer, customer, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), TRUE
    FROM (SELECT customer FROM asset UNION SELECT customer FROM certificate) AS free_text
    WHERE customer IS NOT NULL AND customer <> ''
    ON CONFLICT DO NOTHING;
