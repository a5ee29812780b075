# shellcheck shell=bash
# The fonts the browser tests' screenshot references were drawn with: Debian's DejaVu
# (what the pages' system sans-serif resolves to there). A machine with other fonts
# draws other pixels, so the comparison would fail for no change of the pages. Must be
# *sourced* after .ci/chromium.sh (the pattern of that script).

_rst_po_log() { echo "[polices.sh] $*" >&2; }
_rst_po_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else _rst_po_log "need root (or sudo) to run: $*"; return 1
    fi
}

if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ! command -v fc-match >/dev/null 2>&1; then
    _rst_po_log "installing Debian's fonts-dejavu-core and fontconfig with apt-get"
    _rst_po_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    _rst_po_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-dejavu-core \
        fontconfig </dev/null || return 1
fi
_rst_po_log "sans-serif is $(fc-match sans-serif)"
