-- auth_ping: Is a kept connection still good (the server may have restarted since it was last used)?
-- params: none
SELECT 1
