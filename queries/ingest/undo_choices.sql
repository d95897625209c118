-- undo_choices: the imports an operator may try to undo (not undone yet), newest first, with why one cannot be
-- reads: impor, impor_batal, impor_oleh
-- writes: none
-- grain: one row per import not undone
-- params: none
-- a submissions batch followed by one whose rows were not recorded cannot be replayed exactly: batal_terhalang
with tak_tercatat as (
    select i.impor_id
    from impor as i
    left join impor_oleh as o using (impor_id)
    where i.jenis = 'submisi' and not coalesce(o.is_bisa_batal, false)
        and i.impor_id not in (select impor_id from impor_batal)
)

select
    i.impor_id,
    i.jenis,
    i.berkas,
    o.pengguna,
    case
        when not coalesce(o.is_bisa_batal, false) then coalesce(o.alasan, 'batal_tidak_tercatat')
        when i.jenis = 'submisi' and exists (select 1 from tak_tercatat as t where t.impor_id > i.impor_id)
            then 'batal_terhalang'
    end as alasan
from impor as i
left join impor_oleh as o using (impor_id)
where i.impor_id not in (select impor_id from impor_batal)
order by i.impor_id desc
