-- target_changes: what a targets file changes: villages added, changed, removed and unchanged
-- reads: target, target_checked
-- writes: none
-- grain: one row
-- params: none
with valid as (
    select kode, jiwa, keluarga from target_checked where alasan is null
)

select
    count(*) filter (where t.kode_desa is null) as ditambah,
    count(*) filter (where t.kode_desa is not null and (t.penduduk <> v.jiwa or t.kk <> v.keluarga)) as diubah,
    count(*) filter (where t.kode_desa is not null and t.penduduk = v.jiwa and t.kk = v.keluarga) as sama,
    (select count(*) from target where kode_desa not in (select kode from valid)) as dihapus
from valid as v
left join target as t on t.kode_desa = v.kode
