-- undo_record_before: the stored rows of the ids a batch carried, as they were just before it (run before its merge)
-- reads: submisi_compared
-- writes: batch_sebelum
-- grain: one row per id_submisi the batch carried that the store already held
-- params: $impor_id INTEGER
-- submisi_compared brought the stored values along (…_lama): no second pass over `submisi`
insert into batch_sebelum
select
    $impor_id, id_submisi, kode_desa_lama, waktu_submit_lama, tanggal_lama, jumlah_art_lama, rumah_tangga_lama,
    status_lama, impor_pertama, impor_terakhir_lama
from submisi_compared
where nasib <> 'baru'
