-- undo_target_sebelum_forget: forget the targets one targets batch replaced (it is undone, or its record passes
-- to it from an earlier undone one)
-- reads: none
-- writes: target_sebelum
-- grain: deletes one row per village the batch replaced
-- params: $impor_id INTEGER (the targets batch whose record goes)
delete from target_sebelum where impor_id = $impor_id
