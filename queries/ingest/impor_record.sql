-- impor_record: the record of one import (refused files leave none)
-- reads: none
-- writes: impor
-- grain: one row per import
-- params: $impor_id INTEGER, $jenis VARCHAR (submisi | target | kegiatan), $berkas VARCHAR, $sha256 VARCHAR,
--         $baris_dibaca, $submisi_baru, $rumah_tangga_baru, $diperbarui, $sama, $duplikat, $ditolak,
--         $luar_jendela, $kk_placeholder INTEGER (the summary's counts),
--         $kolom_dibuang VARCHAR (names of the dropped columns, never their values)
insert into impor (
    impor_id, jenis, berkas, sha256, waktu_impor, baris_dibaca, submisi_baru, rumah_tangga_baru, diperbarui,
    sama, duplikat, ditolak, luar_jendela, kolom_dibuang, kk_placeholder
)
values (
    $impor_id, $jenis, $berkas, $sha256, now(), $baris_dibaca, $submisi_baru, $rumah_tangga_baru, $diperbarui,
    $sama, $duplikat, $ditolak, $luar_jendela, $kolom_dibuang, $kk_placeholder
)
