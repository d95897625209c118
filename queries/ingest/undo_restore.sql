-- undo_restore: put back the rows as the later batches alone would have left them (registered frame `dipulihkan`)
-- reads: dipulihkan
-- writes: submisi
-- grain: one row per id_submisi kept
-- params: none
insert into submisi
select id_submisi, kode_desa, waktu_submit, tanggal, jumlah_art, rumah_tangga, status, impor_pertama, impor_terakhir
from dipulihkan
