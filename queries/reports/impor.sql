-- impor: the import history for the data officer, newest first
-- grain: one row per import (submission exports, targets, events)
-- params: none
select
    impor_id,
    waktu_impor,
    berkas,
    jenis,
    baris_dibaca,
    submisi_baru,
    rumah_tangga_baru,
    diperbarui,
    sama,
    duplikat,
    ditolak,
    luar_jendela,
    kolom_dibuang
from impor
order by impor_id desc
