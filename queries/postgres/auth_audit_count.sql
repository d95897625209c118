-- auth_audit_count: How many audit events: of one kabupaten, or all when kabupaten is NULL.
-- params: kabupaten
SELECT count(*) FROM auth_audit WHERE %(kabupaten)s::text IS NULL OR kabupaten = %(kabupaten)s
