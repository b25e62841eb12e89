-- 002: login sessions and refresh tokens.
--
-- A login opens a session (the `sid` of its access tokens).  Each refresh
-- token belongs to one session and is used once: refreshing marks it used and
-- issues the next one.  Presenting a used token again means it was stolen
-- (or replayed), so the whole session is revoked.  Tokens are stored only as
-- their SHA-256: they are 256 random bits, so no salt is needed.

CREATE TABLE auth_sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoked_reason text CHECK (revoked_reason IN
                     ('logout', 'logout_all', 'password_changed', 'refresh_reuse',
                      'deactivated', 'role_changed'))
);
CREATE INDEX auth_sessions_user_open ON auth_sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    session_id bigint NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
