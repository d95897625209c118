-- undo_batch: the batch to undo, whether it can be, and if not why (a text key)
-- reads: impor, impor_batal, impor_oleh
-- writes: none
-- grain: one row (none when there is no such batch)
-- params: $impor_id INTEGER
select
    i.impor_id,
    i.jenis,
    i.berkas,
    coalesce(o.is_bisa_batal, false) as is_bisa_batal,
    coalesce(o.alasan, 'batal_tidak_tercatat') as alasan,
    b.impor_id is not null as is_dibatalkan
from impor as i
left join impor_oleh as o using (impor_id)
left join impor_batal as b using (impor_id)
where i.impor_id = $impor_id
