-- undo_target_pass: a later targets file replaced the targets whole, so they stay; what the undone file replaced
-- becomes what the later one replaced (undoing it afterwards then restores the targets from before both)
-- reads: none
-- writes: target_sebelum
-- grain: one row per village the undone file had replaced
-- params: $impor_id INTEGER (undone), $berikut INTEGER (the next targets batch)
update target_sebelum set impor_id = $berikut where impor_id = $impor_id
