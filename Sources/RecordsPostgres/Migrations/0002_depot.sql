-- The depot's archive: enrolled stations (a pending enrollment keeps only the SHA-256 of its
-- one-time token), the signed documents' exact bytes and detached signatures, the chain heads
-- witnessed, the findings recorded, and the users of the depot web.
CREATE TABLE depot_station (
    name TEXT COLLATE "C" PRIMARY KEY,
    state TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'active', 'revoked')),
    token_sha256 TEXT COLLATE "C" UNIQUE,
    certificate_pem TEXT,
    certificate_sha256 TEXT COLLATE "C",
    created_at TEXT COLLATE "C" NOT NULL,
    enrolled_at TEXT COLLATE "C",
    revoked_at TEXT COLLATE "C");

CREATE TABLE depot_document (
    document_id TEXT COLLATE "C" PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('wipe-certificate', 'disposal-record')),
    station TEXT COLLATE "C" NOT NULL,
    sequence BIGINT NOT NULL,
    previous_sha256 TEXT COLLATE "C",
    sha256 TEXT COLLATE "C" NOT NULL,
    document BYTEA NOT NULL,
    signature BYTEA NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL,
    UNIQUE (station, sequence));

CREATE TABLE depot_head (
    station TEXT COLLATE "C" NOT NULL,
    sequence BIGINT NOT NULL,
    sha256 TEXT COLLATE "C" NOT NULL,
    witnessed_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (station, sequence));

CREATE TABLE depot_finding (
    finding_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('forked-chain', 'tail-deleted', 'ledger-rewritten', 'chain-mismatch')),
    document_id TEXT COLLATE "C",
    sequence BIGINT,
    detail TEXT NOT NULL,
    recorded_at TEXT COLLATE "C" NOT NULL);
CREATE INDEX depot_finding_station ON depot_finding (station, finding_id);

CREATE TABLE depot_user (
    name TEXT COLLATE "C" PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('auditor', 'compliance', 'admin')),
    created_at TEXT COLLATE "C" NOT NULL);
