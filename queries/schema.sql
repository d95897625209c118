-- schema: the tables every store starts from: those of schema version 1, and the undo tables of version 4
--         (impor_oleh, batch_submisi, batch_sebelum) that migration 004 extends; a new store then runs every
--         queries/migrations/NNN_*.sql in order, each a no-op for what this file already made
-- grain: none (definitions); run on every writer's draft, a no-op on an existing store
-- params: none
-- The store's tables. No personal data has a column here: no_kk arrives only as a salted hash
-- inside `rumah_tangga`, and nama / nik / alamat are dropped before anything is written.

create table if not exists meta (
    kunci varchar primary key,
    nilai varchar not null
);

-- reference areas: Kemendagri codes, dotted (33.16.01, 33.16.01.2001)
create table if not exists kecamatan (
    kode_kec varchar primary key,
    nama_kec varchar not null
);

create table if not exists desa (
    kode_desa varchar primary key,
    nama_desa varchar not null,
    jenis varchar not null,          -- desa | kelurahan
    kode_kec varchar not null
);

-- denominators: registered persons and households per village
create table if not exists target (
    kode_desa varchar primary key,
    penduduk integer not null,
    kk integer not null,
    sumber varchar not null
);

-- one row per id_submisi, as last imported
create table if not exists submisi (
    id_submisi varchar not null,
    kode_desa varchar not null,
    waktu_submit timestamptz not null,
    tanggal date not null,           -- the WIB day of waktu_submit
    jumlah_art smallint not null,
    rumah_tangga varchar not null,   -- 'kk:' || salted sha256 of no_kk, else 'id:' || id_submisi
    status varchar not null,         -- respon | clean
    impor_pertama integer not null,
    impor_terakhir integer not null
);

-- one row per import, refused files included
create table if not exists impor (
    impor_id integer primary key,
    jenis varchar not null,          -- submisi | target | kegiatan
    berkas varchar not null,         -- file name as given
    sha256 varchar not null,         -- of the file's bytes: re-importing the same file is a no-op
    waktu_impor timestamptz not null,
    baris_dibaca integer not null,
    submisi_baru integer not null,
    rumah_tangga_baru integer not null,
    diperbarui integer not null,
    sama integer not null,           -- already stored with the same values (overlapping exports)
    duplikat integer not null,       -- earlier lines of an id_submisi repeated inside the file
    ditolak integer not null,
    luar_jendela integer not null,
    kolom_dibuang varchar not null   -- names of the columns dropped at the door (never their values)
);

-- rows that failed validation, with the contract columns only; no_kk is never kept
create table if not exists baris_ditolak (
    impor_id integer not null,
    berkas varchar not null,
    baris integer not null,          -- line in the file (header = line 1), or row in a sheet
    alasan varchar not null,         -- a code, translated in the UI: see sensus/i18n.py
    nilai varchar,                   -- the offending value, when it is not personal
    id_submisi varchar,
    kode_desa varchar,
    waktu_submit varchar,
    jumlah_art varchar,
    status varchar
);

-- outreach events: rakor, sosialisasi, pendampingan
create table if not exists kegiatan (
    kegiatan_id integer primary key,
    tanggal date not null,
    jenis varchar not null,
    kode varchar not null,           -- 33.16 (kabupaten), a kecamatan or a village
    keterangan varchar not null,
    simulasi boolean not null
);

-- audit log: sign-ins, imports, undos, event changes, downloads (who, when, what); no personal data.
-- Events are journalled beside the store at once and folded in here at the next write.
create table if not exists audit (
    waktu timestamptz not null,
    pengguna varchar not null,       -- a user of this tool, never a respondent
    aksi varchar not null,           -- masuk_ok | masuk_gagal | keluar | impor | batal_impor | kegiatan_* | unduh
    rincian varchar not null         -- file name, batch, area code, counts
);

-- undone import batches: the batch stays in the history, marked, and its rows are taken back
create table if not exists impor_batal (
    impor_id integer primary key,
    waktu timestamptz not null,
    pengguna varchar not null
);

-- who started an import (a dashboard user, cli:<os user>, sistem) and whether it can be undone; from schema 4
-- every import writes its row and its undo record in its own write (migrations/004_undo_in_the_import.sql)
create table if not exists impor_oleh (
    impor_id integer primary key,
    pengguna varchar not null,
    is_bisa_batal boolean not null
);

-- undo of one submissions batch, written by the import itself:
-- the rows a batch carried (accepted lines, the last per id_submisi, no_kk already hashed) ...
create table if not exists batch_submisi (
    impor_id integer not null,
    id_submisi varchar not null,
    kode_desa varchar not null,
    waktu_submit timestamptz not null,
    tanggal date not null,
    jumlah_art smallint not null,
    rumah_tangga varchar not null,
    status varchar not null
);

-- ... and those ids' stored rows just before it (an id the store did not hold has no row)
create table if not exists batch_sebelum (
    impor_id integer not null,
    id_submisi varchar not null,
    kode_desa varchar not null,
    waktu_submit timestamptz not null,
    tanggal date not null,
    jumlah_art smallint not null,
    rumah_tangga varchar not null,
    status varchar not null,
    impor_pertama integer not null,
    impor_terakhir integer not null
);
