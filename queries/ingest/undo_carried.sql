-- undo_carried: the rows a file stored into an empty scratch store: what its batch carried
-- grain: one row per id_submisi (the file's last line of each, no_kk already hashed)
-- params: none
select id_submisi, kode_desa, waktu_submit, tanggal, jumlah_art, rumah_tangga, status
from submisi
