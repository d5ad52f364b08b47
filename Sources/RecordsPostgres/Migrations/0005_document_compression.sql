-- The signed documents and signatures are compressed with LZ4 instead of PostgreSQL's default
-- pglz when they are large enough to be compressed (about 2 kB): a profile of the depot's
-- ingest showed pglz among the server's costs per document, and LZ4 compresses the JSON about as
-- well for less CPU. Rows already stored keep their compression. A server built without LZ4, or
-- one older than PostgreSQL 14 (no SET COMPRESSION; run through EXECUTE so that its syntax error
-- is caught too), keeps pglz. (One line: the migrator ends a statement at a line ending in ;.)
DO $$ BEGIN EXECUTE 'ALTER TABLE depot_document ALTER COLUMN document SET COMPRESSION lz4, ALTER COLUMN signature SET COMPRESSION lz4'; EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN RAISE NOTICE 'LZ4 compression is not available on this server: the documents stay compressed with pglz'; END $$;
