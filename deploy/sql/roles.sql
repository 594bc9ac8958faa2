-- BakeryOps Portal: the least-privilege pair of PostgreSQL roles (docs/operations.md, "Database schema for DBAs").
--
--   owner (default bakeryops_owner)  owns the schema objects: it runs bakeryops-postgres.sql before every upgrade.
--   app   (default bakeryops_app)    what the portal signs in as, with Database:MigrateAtStartup=false: it reads and
--                                    writes rows (SELECT, INSERT, UPDATE, DELETE, sequences) and creates nothing.
--
-- Run as a superuser (or a role with CREATEROLE that may grant on the database and its public schema), connected to
-- the portal's database, which must exist (CREATE DATABASE bakeryops;):
--
--   psql -v ON_ERROR_STOP=1 -d bakeryops -f roles.sql \
--        -v owner_password="$OWNER_PASSWORD" -v app_password="$APP_PASSWORD"
--
-- Optional variables: -v owner=NAME -v app=NAME (role names), -v schema=NAME (default public). A password left out
-- keeps the role's current one (a new role then has none: set it with \password). Safe to run again: roles that exist
-- are kept, and grants are given again, including on tables that already exist (an upgrade from a portal that
-- migrated itself: run it after reassigning those tables, REASSIGN OWNED BY old_owner TO bakeryops_owner).

\set ON_ERROR_STOP on
\if :{?owner}
\else
  \set owner bakeryops_owner
\endif
\if :{?app}
\else
  \set app bakeryops_app
\endif
\if :{?schema}
\else
  \set schema public
\endif

-- The roles: logins with no right beyond what is granted below.
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', :'app')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
\if :{?owner_password}
  SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password') \gexec
\endif
\if :{?app_password}
  SELECT format('ALTER ROLE %I PASSWORD %L', :'app', :'app_password') \gexec
\endif

-- The database: both connect; only the owner creates. Nobody else creates in the schema (PostgreSQL before 15 let
-- every role create in public).
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), :'owner') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'app') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'schema', :'owner') \gexec
SELECT format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', :'schema') \gexec
SELECT format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', :'schema', :'owner') \gexec
SELECT format('GRANT USAGE ON SCHEMA %I TO %I', :'schema', :'app') \gexec
-- Unqualified names (every migration, every query of the portal and Quartz) resolve to this schema for both roles.
SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', r, current_database(), :'schema')
FROM unnest(ARRAY[:'owner', :'app']) AS r \gexec

-- What the owner creates from now on (every migration, the Quartz tables) the app may read and write, never alter.
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
              :'owner', :'schema', :'app') \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I',
              :'owner', :'schema', :'app') \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO %I',
              :'owner', :'schema', :'app') \gexec

-- And what exists already (a second run, or tables reassigned from a portal that migrated itself).
SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', :'schema', :'app') \gexec
SELECT format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', :'schema', :'app') \gexec
SELECT format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', :'schema', :'app') \gexec
