# shellcheck shell=bash
# Debian's Pango, HarfBuzz and fonts for WeasyPrint (the invoices' PDFs, extra
# `factures`), and poppler-utils to look at a PDF by hand. Must be *sourced*.

_rst_pdf_log() { echo "[pdf.sh] $*" >&2; }
_rst_pdf_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else _rst_pdf_log "need root (or sudo) to run: $*"; return 1
    fi
}

if ! ldconfig -p | grep -q libpango-1.0 || ! ldconfig -p | grep -q libpangoft2-1.0 \
        || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
    _rst_pdf_log "installing Pango and DejaVu fonts with apt-get"
    _rst_pdf_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    _rst_pdf_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core </dev/null \
        || return 1
fi
"$ROOT/.venv/bin/python" -c "import weasyprint; print('weasyprint', weasyprint.__version__)" >&2 \
    || return 1
