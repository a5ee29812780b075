# shellcheck shell=bash
# Make Debian's Chromium available for the browser tests (Playwright drives it through
# its executable path; no browser is ever downloaded). Must be *sourced*; exports
#     RST_EFFECTIFS_CHROMIUM=/usr/bin/chromium
#     RST_EFFECTIFS_REQUIRE_CHROMIUM=1   (the browser tests fail rather than skip)

_rst_cr_log() { echo "[chromium.sh] $*" >&2; }
_rst_cr_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else _rst_cr_log "need root (or sudo) to run: $*"; return 1
    fi
}

# chromium-l10n: the French resources, without which a date input reads MM/DD/YYYY.
if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/lib/chromium/locales/fr.pak ]; then
    _rst_cr_log "installing Debian's chromium and chromium-l10n packages with apt-get"
    _rst_cr_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    _rst_cr_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
        chromium-l10n </dev/null || return 1
fi
/usr/bin/chromium --version >&2 || return 1
export RST_EFFECTIFS_CHROMIUM=/usr/bin/chromium
export RST_EFFECTIFS_REQUIRE_CHROMIUM=1
