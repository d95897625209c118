-- kegiatan_ubah: change one outreach event (a planner's correction); a simulated event stays marked simulated
-- reads: none
-- writes: kegiatan
-- grain: one row changed (none when there is no such event)
-- params: $kegiatan_id INTEGER, $tanggal DATE, $jenis VARCHAR, $kode VARCHAR, $keterangan VARCHAR
update kegiatan
set tanggal = $tanggal, jenis = $jenis, kode = $kode, keterangan = $keterangan
where kegiatan_id = $kegiatan_id
