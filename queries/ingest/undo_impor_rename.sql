-- undo_impor_rename: the same file may be imported again after an undo; the importer skips files whose sha256 it
-- holds, so the undone batch's is renamed
-- reads: none
-- writes: impor
-- grain: updates one row
-- params: $impor_id INTEGER (the batch undone)
update impor set sha256 = 'batal:' || sha256 where impor_id = $impor_id
