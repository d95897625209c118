-- undo_target_next: the first targets file imported after an undone one and not undone itself, if any
-- reads: impor, impor_batal
-- writes: none
-- grain: one row (impor_id null when there is none)
-- params: $impor_id INTEGER (the targets batch being undone)
select min(impor_id) as impor_id
from impor
where jenis = 'target' and impor_id > $impor_id and impor_id not in (select impor_id from impor_batal)
