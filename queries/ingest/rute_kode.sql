-- rute_kode: each staged line of an events file with the kabupaten/kota its area code (kabupaten, kecamatan or
--            village) names
-- reads: staged
-- writes: rute_kode
-- grain: one row per line of the file; kab is null when the line has no valid area code
-- params: none
create or replace temp table rute_kode as
select *, left(kode_bertitik(kode), 5) as kab, rowid as urut
from staged
