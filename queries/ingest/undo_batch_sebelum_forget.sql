-- undo_batch_sebelum_forget: an undone batch's record of the rows before it goes once the undo replayed it
-- reads: none
-- writes: batch_sebelum
-- grain: deletes one row per id_submisi the batch carried that the store held before it
-- params: $impor_id INTEGER (the batch undone)
delete from batch_sebelum where impor_id = $impor_id
