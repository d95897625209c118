-- 004_undo_in_the_import: store schema 3 → 4
-- grain: none (schema change and bookkeeping move); run inside the writer's draft, published with the rest or not at all
-- params: none
-- One undo bookkeeping, written by every import in its own write: batch_submisi (what a submissions batch
-- carried) and batch_sebelum (those ids' stored rows before it), target_sebelum (the targets a targets file
-- replaced), kegiatan.impor_id (the events file that added an event) with kegiatan_sama (stored events a later
-- file carried again), and impor_oleh (who imported, whether it can be undone, and if not why: a text key).
-- submisi_diganti, the importer's second record of replaced rows, goes: alone it cannot replay later batches.
alter table kegiatan add column if not exists impor_id integer;
create table if not exists kegiatan_sama (
    impor_id integer not null,
    kegiatan_id integer not null
);
create table if not exists target_sebelum (
    impor_id integer not null,
    kode_desa varchar not null,
    penduduk integer not null,
    kk integer not null,
    sumber varchar not null
);
alter table impor_oleh add column if not exists alasan varchar;
-- who ran an import before this version is known only for the dashboard's (and its command line's) imports
alter table impor_oleh alter column pengguna drop not null;
update impor_oleh set alasan = 'batal_tidak_pasti' where not is_bisa_batal;
insert into impor_oleh (impor_id, pengguna, is_bisa_batal, alasan)
select impor_id, null, false, 'batal_tidak_tercatat'
from impor
where impor_id not in (select impor_id from impor_oleh);
drop table if exists submisi_diganti;
