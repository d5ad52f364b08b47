-- The signed documents and signatures are compressed with LZ4 instead of PostgreSQL's default
-- pglz when they are large enough to be compressed (about 2 kB): a profile of the depot's
-- ingest showed pglz among the server's largest costs per document, and LZ4 compresses the JSON
-- about as well for a fraction of the CPU. Rows already stored keep their compression; a server
-- built without LZ4 keeps pglz. (One line: the migrator ends a statement at a line ending in ;.)
DO $$ BEGIN ALTER TABLE depot_document ALTER COLUMN document SET COMPRESSION lz4, ALTER COLUMN signature SET COMPRESSION lz4; EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN RAISE NOTICE 'LZ4 is not available on this server: the documents stay compressed with pglz'; END $$;
