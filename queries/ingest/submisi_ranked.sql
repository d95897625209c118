-- submisi_ranked: the valid lines ranked within their id_submisi, last line first
-- grain: one row per valid line of the file
-- params: none
-- inside one file the last line of an id_submisi wins; one window pass names the winning line, so
-- duplicates need no join of the file with itself
create or replace temp table ranked as
select
    *,
    row_number() over same_id as urutan_dari_akhir,
    max(baris) over same_id as baris_terakhir
from checked
where alasan is null
window same_id as (partition by id_submisi order by lembar desc nulls last, baris desc)
