#!/usr/bin/env bash
# Runs every test of the portal on real parts. When run as root on Debian it first installs what is missing
# (apt-get update once, then the packages), starts throw-away servers on loopback in a temp folder, runs
# `dotnet test Portal.sln`, and always stops what it started. Exit code: the tests' exit code.
set -uo pipefail
cd "$(dirname "$0")"

work=$(mktemp -d /tmp/portal-test.XXXXXX)
chmod 755 "$work"
started=()
apt_updated=0

say() { printf '\n==> %s\n' "$*"; }
loud() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' "$*" >&2; }

cleanup() {
    for stop in "${started[@]}"; do eval "$stop" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

can_install() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
    can_install || return 1
    if [ "$apt_updated" -eq 0 ]; then
        say "apt-get update"
        apt-get update -qq || return 1
        apt_updated=1
    fi
    say "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

free_port() {
    local port
    for port in $(seq "$1" $(( $1 + 200 ))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_postgres() {
    if [ -z "$(pg_bin)" ]; then apt_install postgresql || return 1; fi
    local bin port data run_as=()
    bin=$(pg_bin)
    port=$(free_port 55432) || return 1
    data="$work/pg"
    mkdir -p "$data"
    # PostgreSQL refuses to run as root: run the throw-away cluster as the postgres user the package created.
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$data"
        run_as=(runuser -u postgres --)
    fi
    "${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; return 1; }
    "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
        || { cat "$data/server.log"; return 1; }
    started+=("${run_as[*]} $bin/pg_ctl -D $data -m immediate stop")
    export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
    say "PostgreSQL on 127.0.0.1:$port"
}

# The notification tests start their own aiosmtpd (a real SMTP server) under Debian's python3.
need_smtp() {
    /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 && return 0
    apt_install python3-aiosmtpd && /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1
}

if ! command -v dotnet >/dev/null 2>&1; then
    loud "The .NET SDK is required (dotnet on PATH)."
    exit 1
fi

if ! start_postgres; then
    loud "PostgreSQL could not be installed or started (needs root and apt-get): the PostgreSQL-backed tests are SKIPPED."
fi

if ! need_smtp; then
    loud "python3-aiosmtpd could not be installed (needs root and apt-get): the email notification tests will FAIL."
fi

# The browser tests drive Debian's Chromium; without it they fail (never skip), so say why up front.
if [ ! -x /usr/bin/chromium ] && ! apt_install chromium; then
    loud "Chromium could not be installed at /usr/bin/chromium (needs root and apt-get): the browser tests will FAIL."
fi

say "dotnet test Portal.sln"
dotnet test Portal.sln --nologo -v q --logger "console;verbosity=minimal" "$@"
status=$?
exit $status
