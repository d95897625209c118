-- undo_target_restore: the targets as they were before the undone targets file (the latest one)
-- reads: target_sebelum
-- writes: target
-- grain: one row per village with a target before that file
-- params: $impor_id INTEGER
insert into target
select kode_desa, penduduk, kk, sumber
from target_sebelum
where impor_id = $impor_id
