-- auth_audit_read: Audit events, newest first: of one kabupaten, or all when kabupaten is NULL; at most limit (NULL: all).
-- params: kabupaten, limit
SELECT waktu, pengguna, aksi, rincian FROM auth_audit
WHERE %(kabupaten)s::text IS NULL OR kabupaten = %(kabupaten)s
ORDER BY waktu DESC, id DESC LIMIT %(limit)s
