-- submisi_counts: the figures of the import's summary
-- reads: submisi_checked, submisi_compared, submisi_incoming, submisi_tersentuh
-- writes: none
-- grain: one row
-- params: none. Run after Writer.begin_households: `submisi_tersentuh` holds every stored row of the households
--         this batch touches, so a household is new when it has none there (no pass over `submisi`)
select
    (select count(*) from submisi_checked where alasan is not null) as ditolak,
    (select count(*) from submisi_checked where alasan is null) - (select count(*) from submisi_incoming) as duplikat,
    count(*) filter (where nasib = 'baru') as submisi_baru,
    count(*) filter (where nasib = 'diperbarui') as diperbarui,
    count(*) filter (where nasib = 'sama') as sama,
    count(*) filter (where is_luar_jendela) as luar_jendela,
    (
        select count(distinct rumah_tangga) from submisi_compared as c
        where nasib = 'baru' and not exists (select 1 from submisi_tersentuh as s where s.rumah_tangga = c.rumah_tangga)
    ) as rumah_tangga_baru,
    count(*) filter (where kk_placeholder) as kk_placeholder
from submisi_compared
