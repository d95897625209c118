-- undo_submisi_delete: remove the stored rows of the ids an undo rewrites (registered frame `ids_batal`); those the
-- later batches leave come back through undo_restore
-- reads: ids_batal
-- writes: submisi
-- grain: deletes one row per id_submisi the undone batch carried
-- params: none
delete from submisi where id_submisi in (select id_submisi from ids_batal)
