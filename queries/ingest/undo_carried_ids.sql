-- undo_carried_ids: the ids a batch carried, whose rows an undo rewrites
-- reads: batch_submisi
-- writes: none
-- grain: one row per id_submisi of the batch
-- params: $impor_id INTEGER (the batch undone)
select id_submisi from batch_submisi where impor_id = $impor_id
