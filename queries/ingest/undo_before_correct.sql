-- undo_before_correct: the later batches' "before" rows as they are without the undone batch (registered frame
-- `sebelum_baru`), so undoing one of them afterwards is exact too
-- reads: sebelum_baru
-- writes: batch_sebelum
-- grain: one row per later batch × id_submisi that had a stored row before it in the new timeline
-- params: none
insert into batch_sebelum
select impor_id, id_submisi, kode_desa, waktu_submit, tanggal, jumlah_art, rumah_tangga, status, impor_pertama,
    impor_terakhir
from sebelum_baru
