# shellcheck shell=bash
# Make a local PostgreSQL server available for the rst_effectifs test suite.
#
# Usage (must be *sourced*, it exports variables into the calling shell):
#     source .ci/postgres.sh
#
# It installs PostgreSQL from apt if no server is present, makes sure a cluster
# exists and is running, creates the role/database `rst_effectifs` /
# `rst_effectifs_test` (idempotently), then exports
#     RST_EFFECTIFS_TEST_POSTGRESQL_URL=postgresql+psycopg://rst_effectifs:rst_effectifs@127.0.0.1:<port>/rst_effectifs_test
#     RST_EFFECTIFS_REQUIRE_POSTGRESQL=1
#
# It does not change the caller's shell options (set -e etc.); every step is
# checked explicitly and a failure makes `source` return non-zero.
# Needs root, or sudo for a normal user (Debian/Ubuntu with postgresql-common).

_rst_pg_log() { echo "[postgres.sh] $*" >&2; }

# Run a command as root (directly if we already are, else through sudo).
_rst_pg_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        _rst_pg_log "need root (or sudo) to run: $*"
        return 1
    fi
}

# Run a command as the postgres OS user, from / (postgres cannot read every cwd).
_rst_pg_as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        (cd / && "$@")
    elif [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- "$@")
    elif [ "$(id -u)" -eq 0 ]; then
        # su -c takes one string: quote every argument (printf %q is bash syntax).
        (cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")")
    else
        (cd / && sudo -n -u postgres -- "$@")
    fi
}

# Highest installed server major version (prints it), non-zero if none.
_rst_pg_server_version() {
    local bin ver best=""
    for bin in /usr/lib/postgresql/*/bin/postgres; do
        [ -x "$bin" ] || continue
        ver=${bin#/usr/lib/postgresql/}
        ver=${ver%%/*}
        if [ -z "$best" ] || [ "${ver%%.*}" -gt "${best%%.*}" ] 2>/dev/null; then
            best=$ver
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s\n' "$best"
}

# Field of the cluster line in `pg_lsclusters -h` (ver cluster port status owner datadir log).
_rst_pg_cluster_field() { # ver name field-number
    pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v n="$2" -v f="$3" '$1 == v && $2 == n { print $f; exit }'
}

# psql as the postgres superuser on the local socket: port, then psql arguments.
_rst_pg_psql() {
    local port=$1
    shift
    _rst_pg_as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@" </dev/null
}

_rst_pg_setup() {
    local ver cluster port status i

    # 1. a server and the Debian cluster tools
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1 \
        || ! _rst_pg_server_version >/dev/null; then
        _rst_pg_log "no PostgreSQL server found, installing it with apt-get"
        _rst_pg_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
        _rst_pg_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql </dev/null \
            || return 1
        hash -r
    fi
    ver=$(_rst_pg_server_version) || { _rst_pg_log "no server binary under /usr/lib/postgresql"; return 1; }

    # 2. a cluster for that version (prefer "main", else the first one listed)
    if [ -n "$(_rst_pg_cluster_field "$ver" main 2)" ]; then
        cluster=main
    else
        cluster=$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v { print $2; exit }')
    fi
    if [ -z "$cluster" ]; then
        cluster=main
        _rst_pg_log "creating cluster $ver/$cluster"
        _rst_pg_root pg_createcluster "$ver" "$cluster" >&2 || return 1
    fi

    # 3. start it
    status=$(_rst_pg_cluster_field "$ver" "$cluster" 4)
    case "$status" in
        online*) _rst_pg_log "cluster $ver/$cluster already running" ;;
        *)
            _rst_pg_log "starting cluster $ver/$cluster (was: ${status:-unknown})"
            if ! _rst_pg_root pg_ctlcluster "$ver" "$cluster" start >&2; then
                # Tolerate a concurrent start / "already running".
                case "$(_rst_pg_cluster_field "$ver" "$cluster" 4)" in
                    online*) ;;
                    *)
                        _rst_pg_log "could not start cluster $ver/$cluster; log tail:"
                        _rst_pg_root tail -n 20 "$(_rst_pg_cluster_field "$ver" "$cluster" 7)" >&2 || true
                        return 1
                        ;;
                esac
            fi
            ;;
    esac
    port=$(_rst_pg_cluster_field "$ver" "$cluster" 3)
    case "$port" in
        '' | *[!0-9]*) _rst_pg_log "could not read the port of $ver/$cluster"; return 1 ;;
    esac

    # 4. wait until it accepts connections (bounded: 60 x 0.5 s)
    i=0
    until pg_isready -q -h 127.0.0.1 -p "$port"; do
        i=$((i + 1))
        if [ "$i" -ge 60 ]; then
            _rst_pg_log "server on 127.0.0.1:$port not ready after 30 s"
            return 1
        fi
        sleep 0.5
    done
    _rst_pg_log "server $ver/$cluster ready on 127.0.0.1:$port"

    # 5. role and database (idempotent; the password is (re)set every time)
    _rst_pg_psql "$port" -c "DO \$\$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rst_effectifs') THEN
                CREATE ROLE rst_effectifs;
            END IF;
        END \$\$;" \
        -c "ALTER ROLE rst_effectifs WITH LOGIN CREATEDB PASSWORD 'rst_effectifs';" >&2 \
        || { _rst_pg_log "could not create role rst_effectifs"; return 1; }
    if [ "$(_rst_pg_psql "$port" -tA -c "SELECT 1 FROM pg_database WHERE datname = 'rst_effectifs_test'")" != 1 ]; then
        _rst_pg_log "creating database rst_effectifs_test"
        _rst_pg_psql "$port" -c 'CREATE DATABASE rst_effectifs_test OWNER rst_effectifs' >&2 \
            || { _rst_pg_log "could not create database rst_effectifs_test"; return 1; }
    else
        _rst_pg_psql "$port" -c 'ALTER DATABASE rst_effectifs_test OWNER TO rst_effectifs' >&2 || return 1
    fi

    # 6. check password authentication over TCP, as the tests will connect
    if ! PGPASSWORD=rst_effectifs PGCONNECT_TIMEOUT=10 psql -X -q -tA -h 127.0.0.1 -p "$port" \
        -U rst_effectifs -d rst_effectifs_test -c 'SELECT 1' </dev/null >/dev/null; then
        _rst_pg_log "password login as rst_effectifs on 127.0.0.1:$port failed (check pg_hba.conf)"
        return 1
    fi

    export RST_EFFECTIFS_TEST_POSTGRESQL_URL="postgresql+psycopg://rst_effectifs:rst_effectifs@127.0.0.1:${port}/rst_effectifs_test"
    export RST_EFFECTIFS_REQUIRE_POSTGRESQL=1
    _rst_pg_log "RST_EFFECTIFS_TEST_POSTGRESQL_URL=$RST_EFFECTIFS_TEST_POSTGRESQL_URL"
    _rst_pg_log "RST_EFFECTIFS_REQUIRE_POSTGRESQL=1"
}

_rst_pg_setup
