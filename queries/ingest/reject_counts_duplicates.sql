-- reject_counts_duplicates: how many earlier lines of a repeated id_submisi this import set aside
-- reads: submisi_ranked
-- writes: ditolak_alasan
-- grain: one row, or none when no id repeats
-- params: $impor_id INTEGER
insert into ditolak_alasan
select $impor_id, 'duplikat_id_submisi', count(*)
from submisi_ranked
where urutan_dari_akhir > 1
having count(*) > 0
