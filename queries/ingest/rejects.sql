-- rejects: keep the first rejected lines of a targets or events file (temp table $checked)
-- reads: $checked
-- writes: baris_ditolak
-- grain: one row per rejected line, the first $maks by sheet and line; values cut to 80 characters
-- params: $impor_id INTEGER, $berkas VARCHAR, $maks INTEGER, $checked VARCHAR (target_checked or kegiatan_checked)
insert into baris_ditolak (impor_id, berkas, baris, alasan, nilai)
select
    $impor_id,
    case when lembar is null then $berkas else $berkas || ' [' || lembar || ']' end,
    baris, alasan, dipotong(nilai)
from query_table($checked)
where alasan is not null
order by lembar nulls first, baris
limit $maks
