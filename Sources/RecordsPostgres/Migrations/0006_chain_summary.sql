-- What the depot holds of each station's chain, kept up to date by the statement that archives
-- each document: how many documents, the lowest and highest sequence, the newest arrival. With
-- it, "does this chain have gaps?" is one row's lookup; before, every pushed document had the
-- server read every earlier document of its station (an index scan that visits the heap, as
-- fresh rows are not yet all-visible), a cost that grew with the station's history.
CREATE TABLE depot_chain (
    station TEXT COLLATE "C" PRIMARY KEY,
    documents BIGINT NOT NULL,
    lowest BIGINT NOT NULL,
    highest BIGINT NOT NULL,
    last_received_at TEXT COLLATE "C" NOT NULL
);
INSERT INTO depot_chain (station, documents, lowest, highest, last_received_at)
    SELECT station, COUNT(*), MIN(sequence), MAX(sequence), MAX(received_at) FROM depot_document GROUP BY station;
