-- undo_kegiatan_sama_forget: an undone events batch's notes of stored events it carried again go with it
-- reads: none
-- writes: kegiatan_sama
-- grain: deletes one row per event the batch carried again
-- params: $impor_id INTEGER (the events batch undone)
delete from kegiatan_sama where impor_id = $impor_id
