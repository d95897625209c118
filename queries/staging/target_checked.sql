-- target_checked: every staged line of a targets file, typed, with its rejection reason
-- reads: desa, staged
-- writes: target_checked
-- grain: one row per line of the file; alasan is null for a valid line
-- params: $berkas VARCHAR (the file's name: the source of a line without `sumber`)
create or replace temp table target_checked as
with parsed as (
    select
        baris, lembar, kode_desa, penduduk, kk,
        kode_desa_bertitik(kode_desa) as kode,
        -- 12.345 is twelve thousand three hundred forty-five, as this dashboard writes it
        bilangan_bulat(penduduk) as jiwa,
        bilangan_bulat(kk) as keluarga,
        coalesce(sumber, $berkas) as sumber
    from staged
)

select
    p.*,
    case
        when d.kode_desa is null then 'kode_desa_tidak_dikenal'
        when p.jiwa is null or p.jiwa < 1 or p.jiwa > 2147483647 then 'penduduk_tidak_sah'
        when p.keluarga is null or p.keluarga < 1 or p.keluarga > 2147483647 then 'kk_tidak_sah'
        when p.keluarga > p.jiwa then 'kk_melebihi_penduduk'
        when count(*) over (partition by p.kode) > 1 then 'kode_desa_ganda'
    end as alasan,
    case
        when d.kode_desa is null then p.kode_desa
        when p.jiwa is null or p.jiwa < 1 or p.jiwa > 2147483647 then p.penduduk
        else p.kk
    end as nilai
from parsed as p
left join desa as d on d.kode_desa = p.kode
