-- submisi_delete_updated: an export is a snapshot: a later value of a stored id_submisi replaces it
-- reads: submisi_compared
-- writes: submisi
-- grain: deletes one row per updated submission
-- params: none
delete from submisi where id_submisi in (select id_submisi from submisi_compared where nasib = 'diperbarui')
