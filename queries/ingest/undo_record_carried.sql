-- undo_record_carried: keep what a batch carried (the registered frame `carried`), for an undo later
-- grain: one row per id_submisi of the batch
-- params: $impor_id INTEGER
insert into batch_submisi
select $impor_id, id_submisi, kode_desa, waktu_submit, tanggal, jumlah_art, rumah_tangga, status
from carried
