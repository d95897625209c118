-- rumah_tangga_touched: the households this import changes (their old and new keys), for the incremental marts
-- reads: submisi_compared
-- writes: rumah_tangga_tersentuh
-- grain: one row per household
-- params: none
insert into rumah_tangga_tersentuh
select rumah_tangga from submisi_compared where nasib in ('baru', 'diperbarui')
union
select rumah_tangga_lama from submisi_compared where nasib = 'diperbarui'
