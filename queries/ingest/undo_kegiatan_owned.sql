-- undo_kegiatan_owned: drop the "carried again" notes of events now added by that same batch
-- reads: kegiatan
-- writes: kegiatan_sama
-- grain: deletes one row per event passed on by undo_kegiatan_pass
-- params: none
delete from kegiatan_sama as s
where exists (select 1 from kegiatan as k where k.kegiatan_id = s.kegiatan_id and k.impor_id = s.impor_id)
