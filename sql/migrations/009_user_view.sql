-- 009: the User of the contract has one owner, the API's fcgi/view_user.c
-- (login, /auth/me and /users alike); the queries of fcgi/db_users.c return
-- the users' columns.  The SQL copy of that shape goes, so that the two
-- cannot drift apart (a field added to one and not the other).
DROP FUNCTION qs_user_json(users);
