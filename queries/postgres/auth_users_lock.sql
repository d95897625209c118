-- auth_users_lock: Writers of the users table queue here (readers do not wait): two replicas adding users never lose one.
-- params: none
LOCK TABLE auth_users IN EXCLUSIVE MODE
