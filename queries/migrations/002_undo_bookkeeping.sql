-- 002_undo_bookkeeping: store schema 1 → 2
-- grain: none (schema change); run inside the writer's draft, published with the rest or not at all
-- params: none
-- The rows an import replaced are kept with it, so one import can be undone; the summary's placeholder
-- KK count is recorded with the import.
create table if not exists submisi_diganti (
    diganti_oleh integer not null,
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
alter table impor add column kk_placeholder integer default 0;
