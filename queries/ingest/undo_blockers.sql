-- undo_blockers: later submission batches whose rows were not recorded, so an undo cannot replay them
-- reads: impor, impor_batal, impor_oleh
-- writes: none
-- grain: one row per such batch
-- params: $impor_id INTEGER (the batch being undone)
select i.impor_id, i.berkas
from impor as i
left join impor_oleh as o using (impor_id)
where i.jenis = 'submisi'
    and i.impor_id > $impor_id
    and i.impor_id not in (select impor_id from impor_batal)
    and not coalesce(o.is_bisa_batal, false)
order by i.impor_id
