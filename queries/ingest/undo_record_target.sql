-- undo_record_target: the targets a targets file replaces, kept with its batch for an undo
-- reads: target
-- writes: target_sebelum
-- grain: one row per village with a stored target before the file
-- params: $impor_id INTEGER
insert into target_sebelum
select $impor_id, kode_desa, penduduk, kk, sumber
from target
