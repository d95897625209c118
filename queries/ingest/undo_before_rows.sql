-- undo_before_rows: the stored rows of the ids a batch carried as they were just before it, to replay from
-- reads: batch_sebelum
-- writes: none
-- grain: one row per id_submisi the batch carried that the store held before it
-- params: $impor_id INTEGER (the batch undone)
select * exclude (impor_id) from batch_sebelum where impor_id = $impor_id
