#!/bin/sh
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d): the owner role that
# runs migrations, the least-privilege app role the servers use, and the database (README,
# "Running against your own PostgreSQL"; the grants come from the release step, `npm run db:migrate`).
set -eu
psql -v ON_ERROR_STOP=1 --username postgres \
  -v owner_pw="$VPC_OWNER_PASSWORD" -v app_pw="$VPC_APP_PASSWORD" <<'SQL'
CREATE ROLE vpc_owner LOGIN PASSWORD :'owner_pw' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
CREATE ROLE vpc_app LOGIN PASSWORD :'app_pw' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
CREATE DATABASE vpc OWNER vpc_owner;
\c vpc
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
