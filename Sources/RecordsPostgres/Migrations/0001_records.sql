-- The record store: the register of assets and the index of the signed wipe certificates and
-- disposal records (the same tables as the SQLite store's migrations v1 to v3). Every text column
-- sorts and compares byte-wise (COLLATE "C", as SQLite does), so listings and reports come out in
-- the same order on both backends whatever the database's locale.
CREATE TABLE asset (
    asset_id TEXT COLLATE "C" PRIMARY KEY,
    serial TEXT COLLATE "C",
    manufacturer TEXT COLLATE "C",
    model TEXT COLLATE "C",
    category TEXT COLLATE "C",
    customer TEXT COLLATE "C",
    weight_kg DOUBLE PRECISION,
    in_register BOOLEAN NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    awaiting_destruction_since TEXT COLLATE "C");
CREATE INDEX asset_customer ON asset (customer);

CREATE TABLE certificate (
    certificate_id TEXT COLLATE "C" PRIMARY KEY,
    sha256 TEXT COLLATE "C" NOT NULL,
    station TEXT COLLATE "C" NOT NULL,
    sequence BIGINT NOT NULL,
    asset_id TEXT COLLATE "C" NOT NULL,
    device_key TEXT COLLATE "C" NOT NULL,
    device_serial TEXT COLLATE "C",
    device_model TEXT COLLATE "C",
    device_vendor TEXT COLLATE "C",
    capacity_bytes BIGINT NOT NULL,
    media_type TEXT COLLATE "C" NOT NULL,
    level TEXT COLLATE "C" NOT NULL,
    method TEXT COLLATE "C" NOT NULL,
    scheme TEXT COLLATE "C",
    passes BIGINT NOT NULL,
    verification_mode TEXT COLLATE "C" NOT NULL,
    verification_coverage DOUBLE PRECISION NOT NULL,
    result TEXT COLLATE "C" NOT NULL,
    started_at TEXT COLLATE "C" NOT NULL,
    ended_at TEXT COLLATE "C" NOT NULL,
    issued_at TEXT COLLATE "C" NOT NULL,
    operator_id TEXT COLLATE "C",
    customer TEXT COLLATE "C",
    path TEXT COLLATE "C" NOT NULL,
    -- Whether the certificate covers the whole drive; NVMe namespaces: the controller, the
    -- namespace, the controller's other namespaces and its capacity outside any namespace.
    scope_whole_device BOOLEAN NOT NULL DEFAULT TRUE,
    controller_key TEXT COLLATE "C",
    namespace_id BIGINT,
    other_namespace_ids BIGINT[] NOT NULL DEFAULT '{}',
    unallocated_bytes BIGINT);
CREATE INDEX certificate_asset ON certificate (asset_id);
-- Reports select certificates by the day their attempt ended.
CREATE INDEX certificate_ended_day ON certificate (substr(ended_at, 1, 10), asset_id, device_key, issued_at, sequence);

CREATE TABLE disposal (
    record_id TEXT COLLATE "C" PRIMARY KEY,
    sha256 TEXT COLLATE "C" NOT NULL,
    asset_id TEXT COLLATE "C" NOT NULL,
    route TEXT COLLATE "C" NOT NULL,
    waste_status TEXT COLLATE "C" NOT NULL,
    recipient TEXT COLLATE "C" NOT NULL,
    recipient_certification TEXT COLLATE "C",
    certification_id TEXT COLLATE "C",
    weight_kg DOUBLE PRECISION NOT NULL,
    weight_source TEXT COLLATE "C" NOT NULL,
    weee_category BIGINT,
    ewc_code TEXT COLLATE "C",
    hazardous BOOLEAN NOT NULL,
    disposed_on TEXT COLLATE "C" NOT NULL,
    transfer_note TEXT COLLATE "C",
    override_reason TEXT COLLATE "C",
    media_destroyed_reference TEXT COLLATE "C",
    issued_at TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    -- The record this one corrects (a disposal record of the same asset), if any.
    supersedes TEXT COLLATE "C");
CREATE INDEX disposal_asset ON disposal (asset_id);
CREATE INDEX disposal_date ON disposal (disposed_on);
CREATE INDEX disposal_supersedes ON disposal (supersedes);

-- Only records no other record supersedes count.
CREATE VIEW current_disposal AS
    SELECT d.* FROM disposal d WHERE NOT EXISTS (SELECT 1 FROM disposal s WHERE s.supersedes = d.record_id);
