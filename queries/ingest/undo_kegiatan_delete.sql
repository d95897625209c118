-- undo_kegiatan_delete: remove the events an undone events batch still owns
-- reads: none
-- writes: kegiatan
-- grain: deletes one row per event the batch owns
-- params: $impor_id INTEGER (the events batch undone)
delete from kegiatan where impor_id = $impor_id
