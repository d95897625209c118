-- reject_counts: how many lines of this import were rejected, by reason: all of them, also past the lines kept
-- reads: $checked
-- writes: ditolak_alasan
-- grain: one row per reason
-- params: $impor_id INTEGER, $checked VARCHAR (the name of the checked lines' temp table: submisi_checked,
--         target_checked or kegiatan_checked)
insert into ditolak_alasan
select $impor_id, alasan, count(*)
from query_table($checked)
where alasan is not null
group by alasan
