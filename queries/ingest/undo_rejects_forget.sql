-- undo_rejects_forget: an undone batch's rejected lines go with it
-- reads: none
-- writes: baris_ditolak
-- grain: deletes one row per rejected line kept for the batch
-- params: $impor_id INTEGER (the batch undone)
delete from baris_ditolak where impor_id = $impor_id
