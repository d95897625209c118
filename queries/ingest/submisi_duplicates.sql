-- submisi_duplicates: the earlier lines of an id_submisi repeated in the file, kept as rejected lines
-- grain: one row per earlier line
-- params: $impor_id INTEGER, $berkas VARCHAR
insert into baris_ditolak
select
    $impor_id,
    case when lembar is null then $berkas else $berkas || ' [' || lembar || ']' end,
    baris, 'duplikat_id_submisi', 'baris ' || baris_terakhir::varchar,
    id_submisi, kode_desa, waktu_submit, jumlah_art, status
from ranked
where urutan_dari_akhir > 1
