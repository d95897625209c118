-- rute_desa: each staged line of a submissions or targets file with the kabupaten/kota its village code names
-- reads: staged
-- writes: rute_desa
-- grain: one row per line of the file; kab is null when the line has no valid village code
-- params: none
create or replace temp table rute_desa as
select *, left(kode_desa_bertitik(kode_desa), 5) as kab, rowid as urut
from staged
