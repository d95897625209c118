-- submisi_duplicates: the earlier lines of an id_submisi repeated in the file, kept as rejected lines
-- reads: submisi_ranked
-- writes: baris_ditolak
-- grain: one row per earlier line, the first $maks by sheet and line; nilai is the line that counts (a number,
--        in no language); values cut to 80 characters
-- params: $impor_id INTEGER, $berkas VARCHAR, $maks INTEGER
insert into baris_ditolak
select
    $impor_id,
    case when lembar is null then $berkas else $berkas || ' [' || lembar || ']' end,
    baris, 'duplikat_id_submisi', baris_terakhir::varchar,
    dipotong(id_submisi), dipotong(kode_desa), dipotong(waktu_submit), dipotong(jumlah_art), dipotong(status)
from submisi_ranked
where urutan_dari_akhir > 1
order by lembar nulls first, baris
limit $maks
