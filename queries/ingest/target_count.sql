-- target_count: how many villages have a stored target
-- reads: target
-- writes: none
-- grain: one row
-- params: none
select count(*) from target
