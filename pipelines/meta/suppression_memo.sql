-- How the privacy filter solved each independent piece of the last release (a window of one
-- table with all its linked sets), by a fingerprint of everything the answer depends on (the
-- piece's counts, flags and prices, the settings, the solver's code and library versions): a
-- quarterly run solves only the pieces whose fingerprint is new. Holds row offsets, no counts;
-- replaced by each analysis with the pieces it used (retention: one release).
create table if not exists meta.suppression_memo (
    piece varchar primary key,         -- sha-256 fingerprint of the piece
    hidden integer[] not null          -- offsets of its hidden rows, in frame order
);
