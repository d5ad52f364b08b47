-- The depot web: a technician role, and the audit log of sign-ins, downloads and station changes.
ALTER TABLE depot_user DROP CONSTRAINT depot_user_role_check;
ALTER TABLE depot_user ADD CONSTRAINT depot_user_role_check CHECK (role IN ('technician', 'auditor', 'compliance', 'admin'));

CREATE TABLE depot_audit (
    audit_id BIGSERIAL PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    user_name TEXT NOT NULL,
    address TEXT NOT NULL,
    event TEXT COLLATE "C" NOT NULL,
    detail TEXT NOT NULL
);
