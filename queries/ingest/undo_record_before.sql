-- undo_record_before: the stored rows of the ids a batch carried, as they were just before it (run before its merge)
-- grain: one row per id_submisi the batch carried that the store already held
-- params: $impor_id INTEGER
insert into batch_sebelum
select
    $impor_id, s.id_submisi, s.kode_desa, s.waktu_submit, s.tanggal, s.jumlah_art, s.rumah_tangga, s.status,
    s.impor_pertama, s.impor_terakhir
from submisi as s
semi join compared as c on c.id_submisi = s.id_submisi and c.nasib <> 'baru'
