-- submisi_replaced: the stored rows this import replaces, kept with the import that replaced them,
-- so that undoing one import can put them back
-- grain: one row per replaced submission
-- params: $impor_id INTEGER
insert into submisi_diganti
select $impor_id, s.*
from submisi as s
where s.id_submisi in (select id_submisi from compared where nasib = 'diperbarui')
