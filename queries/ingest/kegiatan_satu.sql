-- kegiatan_satu: one outreach event as stored, to check and describe a change
-- reads: kegiatan
-- writes: none
-- grain: one row (none when there is no such event)
-- params: $kegiatan_id INTEGER
select kegiatan_id, tanggal, jenis, kode, keterangan from kegiatan where kegiatan_id = $kegiatan_id
