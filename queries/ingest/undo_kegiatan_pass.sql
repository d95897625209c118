-- undo_kegiatan_pass: the undone file's events that a later file (not undone) carried again stay, now that file's:
-- without the undone file the later one would have added them
-- reads: impor_batal, kegiatan_sama
-- writes: kegiatan
-- grain: one row per event kept
-- params: $impor_id INTEGER (the events batch being undone)
update kegiatan as k
set impor_id = s.impor_id
from (
    select kegiatan_id, min(impor_id) as impor_id
    from kegiatan_sama
    where impor_id > $impor_id and impor_id not in (select impor_id from impor_batal)
    group by kegiatan_id
) as s
where k.kegiatan_id = s.kegiatan_id and k.impor_id = $impor_id
