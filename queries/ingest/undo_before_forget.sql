-- undo_before_forget: drop the "before" rows of later batches that an undo replays (registered frame
-- `sebelum_dikoreksi`: impor_id, id_submisi); undo_before_correct writes them as the new timeline has them
-- reads: sebelum_dikoreksi
-- writes: batch_sebelum
-- grain: deletes one row per later batch × id_submisi replayed
-- params: none
delete from batch_sebelum as b
where exists (
    select 1 from sebelum_dikoreksi as k where k.impor_id = b.impor_id and k.id_submisi = b.id_submisi
)
