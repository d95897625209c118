-- undo_record_before: those ids' rows in the version the batch built on (attached as `sebelum`)
-- grain: one row per id_submisi the batch carried that the store already held
-- params: $impor_id INTEGER
insert into batch_sebelum
select
    $impor_id, s.id_submisi, s.kode_desa, s.waktu_submit, s.tanggal, s.jumlah_art, s.rumah_tangga, s.status,
    s.impor_pertama, s.impor_terakhir
from sebelum.submisi as s
where s.id_submisi in (select id_submisi from carried)
