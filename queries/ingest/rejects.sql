-- rejects: keep the first rejected lines of a targets or events file (table `checked_rows`)
-- grain: one row per rejected line, the first $maks by sheet and line; values cut to 80 characters
-- params: $impor_id INTEGER, $berkas VARCHAR, $maks INTEGER
insert into baris_ditolak (impor_id, berkas, baris, alasan, nilai)
select
    $impor_id,
    case when lembar is null then $berkas else $berkas || ' [' || lembar || ']' end,
    baris, alasan, dipotong(nilai)
from checked_rows
where alasan is not null
order by lembar nulls first, baris
limit $maks
