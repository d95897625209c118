-- undo_batch_submisi_forget: an undone batch's record of what it carried goes once the undo replayed it
-- reads: none
-- writes: batch_submisi
-- grain: deletes one row per id_submisi the batch carried
-- params: $impor_id INTEGER (the batch undone)
delete from batch_submisi where impor_id = $impor_id
