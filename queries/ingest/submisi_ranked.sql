-- submisi_ranked: the valid lines ranked within their id_submisi, last line first
-- reads: submisi_checked
-- writes: submisi_ranked
-- grain: one row per valid line of the file
-- params: none
-- inside one file the last line of an id_submisi wins. Most files repeat no id: only the lines of a repeated id
-- go through the window that names the winning line (a sort), the others win by themselves.
create or replace temp table submisi_ranked as
with valid as (
    select * from submisi_checked
    where alasan is null
),

repeated as (
    select id_submisi from valid
    group by id_submisi
    having count(*) > 1
)

select
    *,
    1::bigint as urutan_dari_akhir,
    baris as baris_terakhir
from valid
anti join repeated using (id_submisi)
union all by name
select
    *,
    row_number() over same_id as urutan_dari_akhir,
    max(baris) over same_id as baris_terakhir
from valid
semi join repeated using (id_submisi)
window same_id as (partition by id_submisi order by lembar desc nulls last, baris desc)
