-- kegiatan_count: how many events are stored, before and after an events file adds its new ones
-- reads: kegiatan
-- writes: none
-- grain: one row
-- params: none
select count(*) from kegiatan
