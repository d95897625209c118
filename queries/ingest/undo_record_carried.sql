-- undo_record_carried: keep what a batch carried (its last line per id_submisi, as it would be stored), for an undo
-- reads: submisi_compared
-- writes: batch_submisi
-- grain: one row per id_submisi of the batch (new, updated or the same as stored)
-- params: $impor_id INTEGER
-- the rows that were the same as stored matter too: undoing an earlier batch replays this one over other values
insert into batch_submisi
select $impor_id, id_submisi, kode_desa, waktu_submit, tanggal, jumlah_art, rumah_tangga, status
from submisi_compared
