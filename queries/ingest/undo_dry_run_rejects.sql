-- undo_dry_run_rejects: the rejected lines of the newest batch of a scratch store, for a dry run's report
-- reads: baris_ditolak, impor
-- writes: none
-- grain: one row per rejected line (the first $n by line)
-- params: $n INTEGER (how many lines)
select baris, alasan, nilai
from baris_ditolak
where impor_id = (select max(impor_id) from impor)
order by baris
limit $n
