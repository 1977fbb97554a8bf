"""Recruiter copilot: attribution and handoff columns, the ``copilot`` views, roles, RLS.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 12:00:00.000000

Columns (BEYOND the spec): ``applications.recruiter_share_id`` (the share link an
application came through; share statistics count rows, not counters),
``chat_handoffs.first_response_at`` / ``outcome`` / ``recruiter_replies`` (the inbox and
the response-time metric).

The copilot reads through views in schema ``copilot`` only, as role ``copilot_reader``
(SELECT on those views and nothing else). The views are owned by ``copilot_owner``
(SELECT on the base tables they read), and the base tables with personal data carry
row-level security (ENABLE + FORCE):

* ``copilot_scope`` (FOR SELECT TO copilot_owner): the rows of the scope set for the
  transaction by ``copilot.enter_scope`` (a recruiter's own, or all for an admin);
* ``app_all`` (FOR ALL TO the migrating role): the application owns the tables, and
  FORCE would otherwise hide its own rows from it.

The scope settings are signed (``copilot.scope_sig``: SHA-256 over a random key in
``copilot.scope_key``, the values, the backend and the transaction start) and the policies
trust only a correctly signed scope, so a statement that reaches the database and sets
``copilot.admin`` itself widens nothing. The policies read the scope through scalar
subqueries, which PostgreSQL evaluates once per query (an InitPlan), not once per row, and
check a parent row (an application's candidate ...) with ``IN (SELECT ...)``, which is
hashed once per query (given the ``work_mem`` that ``scoped_read`` sets).

Roles are cluster-wide and other databases of the cluster use them, so they are created
only when missing (race-safe) and never dropped. A migrating role that is not a superuser
needs CREATEROLE (or a DBA who created the two roles and granted them to it).
"""

from collections.abc import Sequence

import advanced_alchemy
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNER = "copilot_owner"
READER = "copilot_reader"

_ADMIN = "(SELECT copilot.scope_admin())"
_RECRUITER = "(SELECT copilot.scope_recruiter())"


def _mine(column: str) -> str:
    return f"{_ADMIN} OR {column} = {_RECRUITER}"


def _visible(column: str, table: str, key: str = "id") -> str:
    # ``IN (uncorrelated subquery)``: hashed once per query, not looked up per row. The
    # subquery's table is itself filtered by its own policy.
    return f"{column} IN (SELECT t.{key} FROM public.{table} t)"


# table -> the rows copilot_owner (the views) may read
POLICIES: dict[str, str] = {
    "candidates": _mine("candidates.recruiter_id"),
    "applications": (
        f"{_mine('applications.recruiter_id')} OR "
        + _visible("applications.candidate_id", "candidates")
    ),
    "application_status_history": (
        f"{_ADMIN} OR " + _visible("application_status_history.application_id", "applications")
    ),
    "candidate_licenses": f"{_ADMIN} OR "
    + _visible("candidate_licenses.candidate_id", "candidates"),
    "resume_embeddings": f"{_ADMIN} OR " + _visible("resume_embeddings.candidate_id", "candidates"),
    "recruiter_job_shares": _mine("recruiter_job_shares.recruiter_id"),
    "chat_handoffs": _mine("chat_handoffs.recruiter_id"),
    # Only share-link views are personal to a recruiter (and only those are exposed).
    "job_views": _visible("job_views.recruiter_share_id", "recruiter_job_shares"),
    "referrals": (
        f"{_ADMIN} OR " + _visible("referrals.referred_user_id", "candidates", key="user_id")
    ),
}

# Tables the views read without row-level security (visible to all staff), plus the
# RLS tables above. ``users`` only by column: the owner never needs password hashes.
OPEN_TABLES = (
    "jobs",
    "professions",
    "specialties",
    "states",
    "candidate_statuses",
    "referral_sources",
    "candidate_professions",
    "recruiters",
)
USER_COLUMNS = "id, first_name, last_name, email, phone"

VIEWS: dict[str, str] = {
    "jobs": """
        SELECT j.id AS job_id,
               j.external_job_id,
               coalesce(j.job_title, j.title)::text AS title,
               p.name::text AS profession,
               s.name::text AS specialty,
               j.client_city::text AS city,
               coalesce(st.code, j.client_state_code)::text AS state_code,
               j.job_type::text AS job_type,
               j.shift::text AS shift,
               j.weekly_pay,
               j.hourly_pay,
               j.hot_job AS is_hot,
               j.featured_job AS is_featured,
               (j.display_on_external_job_board AND j.closed_at IS NULL) AS is_open,
               j.posted_date AS posted_at,
               j.start_date,
               j.no_of_openings AS openings,
               j.application_count AS applications_count,
               j.page_views,
               j.client_name::text AS client_name,
               j.closed_at
          FROM public.jobs j
          LEFT JOIN public.professions p ON p.id = j.profession_id
          LEFT JOIN public.specialties s ON s.id = j.specialty_id
          LEFT JOIN public.states st ON st.id = j.client_state_id""",
    "candidates": """
        SELECT c.id AS candidate_id,
               c.recruiter_id,
               u.first_name::text AS first_name,
               u.last_name::text AS last_name,
               u.email::text AS email,
               coalesce(c.cell_phone, u.phone, c.home_phone)::text AS phone,
               c.city::text AS city,
               st.code::text AS state_code,
               sp.name::text AS specialty,
               coalesce(
                   sp_prof.name,
                   (SELECT p.name FROM public.candidate_professions cp
                      JOIN public.professions p ON p.id = cp.profession_id
                     WHERE cp.candidate_id = c.id
                     ORDER BY cp.created_at, p.name LIMIT 1)
               )::text AS profession,
               c.years_of_experience AS years_experience,
               c.available_from,
               cs.name::text AS status,
               rs.name::text AS referral_source,
               c.travel_status AS travel,
               c.created_at
          FROM public.candidates c
          JOIN public.users u ON u.id = c.user_id
          LEFT JOIN public.states st ON st.id = c.state_id
          LEFT JOIN public.specialties sp ON sp.id = c.primary_specialty_id
          LEFT JOIN public.professions sp_prof ON sp_prof.id = sp.profession_id
          LEFT JOIN public.candidate_statuses cs ON cs.id = c.status_id
          LEFT JOIN public.referral_sources rs ON rs.id = c.referral_source_id""",
    "applications": """
        SELECT a.id AS application_id,
               a.candidate_id,
               a.job_id,
               a.recruiter_id,
               a.status::text AS status,
               a.source::text AS source,
               a.referral_code::text AS referral_code,
               a.recruiter_share_id AS share_id,
               a.created_at AS applied_at,
               a.updated_at,
               p.placed_at
          FROM public.applications a
          -- A join, not a subquery per row: PostgreSQL drops it when placed_at is unused.
          LEFT JOIN (SELECT h.application_id, min(h.created_at) AS placed_at
                       FROM public.application_status_history h
                      WHERE h.status = 'placed'
                      GROUP BY h.application_id) p ON p.application_id = a.id""",
    "status_changes": """
        SELECT h.application_id,
               h.status::text AS status,
               h.created_at AS changed_at
          FROM public.application_status_history h""",
    "licenses": """
        SELECT l.candidate_id,
               st.code::text AS state_code,
               p.name::text AS profession,
               l.expiration_date AS expires_on,
               l.status::text AS status,
               l.verification_status::text AS verification_status
          FROM public.candidate_licenses l
          LEFT JOIN public.states st ON st.id = l.state_id
          LEFT JOIN public.professions p ON p.id = l.profession_id""",
    # One row per candidate and certification; several resumes may name the same one,
    # and the latest known expiry is the one that counts.
    "certifications": """
        SELECT e.candidate_id,
               cert.key AS certification,
               max(CASE WHEN pg_input_is_valid(cert.value #>> '{}', 'date')
                        THEN (cert.value #>> '{}')::date END) AS expires_on
          FROM public.resume_embeddings e
          CROSS JOIN LATERAL jsonb_each(
              CASE WHEN jsonb_typeof(e.certifications) = 'object'
                   THEN e.certifications ELSE '{}'::jsonb END) AS cert
         WHERE e.part = 'summary'
         GROUP BY e.candidate_id, cert.key""",
    "share_links": """
        SELECT s.id AS share_id,
               s.recruiter_id,
               s.job_id,
               s.share_code::text AS share_code,
               s.created_at
          FROM public.recruiter_job_shares s""",
    "share_views": """
        SELECT v.recruiter_share_id AS share_id,
               v.job_id,
               v.created_at AS viewed_at
          FROM public.job_views v
         WHERE v.recruiter_share_id IS NOT NULL""",
    "handoffs": """
        SELECT h.id AS handoff_id,
               h.recruiter_id,
               c.id AS candidate_id,
               h.status::text AS status,
               h.reason,
               h.created_at,
               h.first_response_at,
               h.closed_at,
               h.outcome::text AS outcome
          FROM public.chat_handoffs h
          LEFT JOIN public.candidates c ON c.user_id = h.user_id""",
    "referrals": """
        SELECT r.id AS referral_id,
               c.id AS candidate_id,
               r.job_id,
               r.status::text AS status,
               r.created_at
          FROM public.referrals r
          LEFT JOIN public.candidates c ON c.user_id = r.referred_user_id""",
    "referral_sources": """
        SELECT rs.id AS referral_source_id, rs.name::text AS name
          FROM public.referral_sources rs""",
    "recruiters": """
        SELECT r.id AS recruiter_id,
               coalesce(nullif(concat_ws(' ', u.first_name, u.last_name), ''),
                        r.email)::text AS name,
               r.active
          FROM public.recruiters r
          LEFT JOIN public.users u ON u.id = r.user_id""",
    "specialties": """
        SELECT s.name::text AS name, p.name::text AS profession
          FROM public.specialties s
          LEFT JOIN public.professions p ON p.id = s.profession_id
         WHERE s.active""",
    "states": """
        SELECT st.code::text AS code, st.name::text AS name
          FROM public.states st""",
}

_ROLES_SQL = f"""
DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['{OWNER}', '{READER}'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                -- Another database of the cluster is migrating at the same moment.
                NULL;
            END;
        END IF;
        IF NOT pg_catalog.pg_has_role(current_user, role_name, 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', role_name, current_user);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$roles$
"""

_SCOPE_SQL = (
    "CREATE SCHEMA copilot",
    # Only the migrating role (the application) can read the key.
    """CREATE TABLE copilot.scope_key (
           id boolean PRIMARY KEY DEFAULT true CHECK (id),
           secret bytea NOT NULL
       )""",
    "REVOKE ALL ON copilot.scope_key FROM PUBLIC",
    """INSERT INTO copilot.scope_key (secret)
       SELECT sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                                || clock_timestamp()::text, 'UTF8'))""",
    """CREATE FUNCTION copilot.scope_signature(rid text, admin text) RETURNS text
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
       AS $$
           SELECT encode(sha256(k.secret || convert_to(
               rid || '|' || admin || '|' || pg_backend_pid()::text || '|'
               || extract(epoch FROM transaction_timestamp())::text, 'UTF8')), 'hex')
             FROM copilot.scope_key k
       $$""",
    """CREATE FUNCTION copilot.scope_verified() RETURNS boolean
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
       AS $$
           SELECT coalesce(current_setting('copilot.scope_sig', true), '') <> ''
              AND current_setting('copilot.scope_sig', true) = copilot.scope_signature(
                      coalesce(current_setting('copilot.recruiter_id', true), ''),
                      coalesce(current_setting('copilot.admin', true), ''))
       $$""",
    """CREATE FUNCTION copilot.scope_admin() RETURNS boolean
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
       AS $$
           SELECT coalesce(current_setting('copilot.admin', true), '') = 'on'
              AND copilot.scope_verified()
       $$""",
    """CREATE FUNCTION copilot.scope_recruiter() RETURNS uuid
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
       AS $$
           SELECT CASE WHEN copilot.scope_verified()
                       THEN nullif(current_setting('copilot.recruiter_id', true), '')::uuid
                  END
       $$""",
    """CREATE FUNCTION copilot.in_scope(rid uuid) RETURNS boolean
       LANGUAGE sql STABLE
       AS $$
           SELECT copilot.scope_admin() OR (rid IS NOT NULL AND rid = copilot.scope_recruiter())
       $$""",
    # Called by the application before it becomes copilot_reader (scope.scoped_read).
    """CREATE FUNCTION copilot.enter_scope(rid uuid, admin boolean) RETURNS void
       LANGUAGE plpgsql VOLATILE
       AS $$
       DECLARE
           r text := coalesce(rid::text, '');
           a text := CASE WHEN admin THEN 'on' ELSE 'off' END;
       BEGIN
           PERFORM pg_catalog.set_config('copilot.recruiter_id', r, true);
           PERFORM pg_catalog.set_config('copilot.admin', a, true);
           PERFORM pg_catalog.set_config(
               'copilot.scope_sig', copilot.scope_signature(r, a), true);
       END
       $$""",
    "REVOKE EXECUTE ON FUNCTION copilot.scope_signature(text, text) FROM PUBLIC",
    "REVOKE EXECUTE ON FUNCTION copilot.enter_scope(uuid, boolean) FROM PUBLIC",
)


def _rls_sql() -> list[str]:
    statements: list[str] = []
    for table, using in POLICIES.items():
        statements += [
            f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE public.{table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY copilot_scope ON public.{table} AS PERMISSIVE FOR SELECT "
            f"TO {OWNER} USING ({using})",
            # format(%I): the role name is only known in the database that runs this.
            f"DO $$ BEGIN EXECUTE format('CREATE POLICY app_all ON public.{table} "
            "AS PERMISSIVE FOR ALL TO %I USING (true) WITH CHECK (true)', current_user); "
            "END $$",
        ]
    return statements


def _grants_sql() -> list[str]:
    tables = ", ".join(f"public.{t}" for t in (*OPEN_TABLES, *POLICIES))
    statements = [
        f"GRANT USAGE, CREATE ON SCHEMA copilot TO {OWNER}",
        f"GRANT USAGE ON SCHEMA copilot TO {READER}",
        f"GRANT USAGE ON SCHEMA public TO {OWNER}",
        f"GRANT SELECT ON {tables} TO {OWNER}",
        f"GRANT SELECT ({USER_COLUMNS}) ON public.users TO {OWNER}",
    ]
    for view in VIEWS:
        statements += [
            f"ALTER VIEW copilot.{view} OWNER TO {OWNER}",
            f"GRANT SELECT ON copilot.{view} TO {READER}",
        ]
    # Ownership needed CREATE on the schema; nothing else does.
    statements.append(f"REVOKE CREATE ON SCHEMA copilot FROM {OWNER}")
    return statements


def upgrade() -> None:
    op.add_column(
        "applications",
        sa.Column("recruiter_share_id", advanced_alchemy.types.GUID(length=16), nullable=True),
    )
    op.create_foreign_key(
        op.f("fk_applications_recruiter_share_id_recruiter_job_shares"),
        "applications",
        "recruiter_job_shares",
        ["recruiter_share_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index(
        op.f("ix_applications_recruiter_share_id"), "applications", ["recruiter_share_id"]
    )
    op.add_column(
        "chat_handoffs",
        sa.Column(
            "first_response_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=True
        ),
    )
    op.add_column("chat_handoffs", sa.Column("outcome", sa.String(length=32), nullable=True))
    op.add_column(
        "chat_handoffs",
        sa.Column("recruiter_replies", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )

    op.execute(_ROLES_SQL)
    for statement in _SCOPE_SQL:
        op.execute(statement)
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW copilot.{name} WITH (security_barrier) AS {body}")
    for statement in _rls_sql():
        op.execute(statement)
    for statement in _grants_sql():
        op.execute(statement)


def downgrade() -> None:
    for table in POLICIES:
        op.execute(f"DROP POLICY IF EXISTS app_all ON public.{table}")
        op.execute(f"DROP POLICY IF EXISTS copilot_scope ON public.{table}")
        op.execute(f"ALTER TABLE public.{table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE public.{table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP SCHEMA copilot CASCADE")
    # The roles stay (other databases of the cluster use them); their grants here go.
    tables = ", ".join(f"public.{t}" for t in (*OPEN_TABLES, *POLICIES, "users"))
    op.execute(f"REVOKE ALL ON {tables} FROM {OWNER}")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {OWNER}")

    op.drop_column("chat_handoffs", "recruiter_replies")
    op.drop_column("chat_handoffs", "outcome")
    op.drop_column("chat_handoffs", "first_response_at")
    op.drop_index(op.f("ix_applications_recruiter_share_id"), table_name="applications")
    op.drop_constraint(
        op.f("fk_applications_recruiter_share_id_recruiter_job_shares"),
        "applications",
        type_="foreignkey",
    )
    op.drop_column("applications", "recruiter_share_id")
