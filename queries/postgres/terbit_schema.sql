-- terbit_schema: the province's published marts in PostgreSQL (sensus/province/postgres.py), idempotent.
-- A version of a kabupaten is one row of terbit_versi plus its rows in the five mart tables and its store's
-- bytes in terbit_store_chunk, all written in one transaction; the mart rows hang off terbit_versi (ON DELETE
-- CASCADE), so pruning a version is one DELETE. terbit_current names the version replicas read, one per kabupaten.
CREATE TABLE IF NOT EXISTS terbit_versi (
    kode_kab text NOT NULL,
    versi integer NOT NULL,
    diterbitkan timestamptz NOT NULL,
    baris bigint NOT NULL,            -- the version's mart rows, all five tables: a replica checks its download
    store_bytes bigint NOT NULL,      -- the store snapshot's size, chunk count and SHA-256 (hex)
    store_chunks integer NOT NULL,
    store_sha256 text NOT NULL,
    PRIMARY KEY (kode_kab, versi)
);

CREATE TABLE IF NOT EXISTS terbit_current (
    kode_kab text PRIMARY KEY,
    versi integer NOT NULL,
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi)
);

CREATE TABLE IF NOT EXISTS terbit_capaian_harian_desa (
    kode_kab text NOT NULL,
    versi integer NOT NULL,
    kode_desa text NOT NULL,
    kode_kec text,
    tanggal date NOT NULL,
    kk_baru integer,
    penduduk_baru integer,
    kk_respon integer,
    penduduk_respon integer,
    kk_clean integer,
    PRIMARY KEY (kode_kab, versi, kode_desa, tanggal),
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS terbit_desa (
    kode_kab text NOT NULL,
    versi integer NOT NULL,
    kode_desa text NOT NULL,
    nama_desa text,
    jenis text,
    kode_kec text,
    kk_target bigint,
    penduduk_target bigint,
    PRIMARY KEY (kode_kab, versi, kode_desa),
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS terbit_kecamatan (
    kode_kab text NOT NULL,
    versi integer NOT NULL,
    kode_kec text NOT NULL,
    nama_kec text,
    PRIMARY KEY (kode_kab, versi, kode_kec),
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS terbit_kabupaten (
    kode_kab text NOT NULL,
    nama_kab text,
    versi integer NOT NULL,
    versi_penyimpanan integer,
    jendela text,
    demo boolean,
    diterbitkan timestamptz,
    PRIMARY KEY (kode_kab, versi),
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS terbit_ringkasan (
    kode_kab text NOT NULL,
    nama_kab text,
    versi integer NOT NULL,
    tanggal date NOT NULL,
    kk_target bigint,
    penduduk_target bigint,
    kk_respon bigint,
    penduduk_respon bigint,
    kk_clean bigint,
    kk_baru bigint,
    penduduk_baru bigint,
    persen_kk double precision,
    persen_penduduk double precision,
    PRIMARY KEY (kode_kab, versi, tanggal),
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi) ON DELETE CASCADE
);

-- the store file's bytes in chunks (8 MiB): a replica without a shared disk serves the kabupaten pages from it.
-- EXTERNAL: stored out of line without compression (a DuckDB file compresses little, and pglz costs CPU)
CREATE TABLE IF NOT EXISTS terbit_store_chunk (
    kode_kab text NOT NULL,
    versi integer NOT NULL,
    nomor integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (kode_kab, versi, nomor),
    FOREIGN KEY (kode_kab, versi) REFERENCES terbit_versi (kode_kab, versi) ON DELETE CASCADE
);
ALTER TABLE terbit_store_chunk ALTER COLUMN data SET STORAGE EXTERNAL;

-- the province summary: every kabupaten's own summary rows of its CURRENT version
CREATE OR REPLACE VIEW terbit_ringkasan_provinsi AS
SELECT r.*
FROM terbit_ringkasan AS r
JOIN terbit_current AS c USING (kode_kab, versi);
