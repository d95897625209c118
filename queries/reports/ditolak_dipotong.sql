-- ditolak_dipotong: the imports that rejected more lines than they kept (pantau.toml [impor] baris_ditolak_maks)
-- grain: one row per such import
-- params: none (a file holds every kecamatan: its counts are kabupaten facts, refused to a bound viewer in Python)
select
    a.impor_id,
    i.berkas,
    sum(a.jumlah)::bigint as ditolak,
    coalesce(max(b.disimpan), 0)::bigint as disimpan
from ditolak_alasan as a
join impor as i using (impor_id)
left join (select impor_id, count(*) as disimpan from baris_ditolak group by impor_id) as b using (impor_id)
group by a.impor_id, i.berkas
having sum(a.jumlah) > coalesce(max(b.disimpan), 0)
order by a.impor_id desc
