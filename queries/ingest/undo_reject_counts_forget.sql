-- undo_reject_counts_forget: an undone batch's counts of rejected lines go with it
-- reads: none
-- writes: ditolak_alasan
-- grain: deletes one row per reason of the batch
-- params: $impor_id INTEGER (the batch undone)
delete from ditolak_alasan where impor_id = $impor_id
