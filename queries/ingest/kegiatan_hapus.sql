-- kegiatan_hapus: delete one outreach event
-- reads: none
-- writes: kegiatan
-- grain: one row deleted (none when there is no such event)
-- params: $kegiatan_id INTEGER
delete from kegiatan where kegiatan_id = $kegiatan_id
