-- undo_kegiatan_count: how many stored events an events batch still owns (those an undo removes)
-- reads: kegiatan
-- writes: none
-- grain: one row
-- params: $impor_id INTEGER (the events batch undone)
select count(*) from kegiatan where impor_id = $impor_id
