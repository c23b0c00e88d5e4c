# Shared by scripts/run, scripts/test and the benchmarks: installs what is missing, nothing more.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }

APT_BUILD=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev libssl-dev pkg-config build-essential file)
APT_HEADLESS=(xvfb xauth webkit2gtk-driver gnome-keyring dbus dbus-x11 libsecret-tools imagemagick)

need_apt() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]} (install the equivalents for your OS; see README)" >&2
    return 1
  fi
  say "Installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_tools() {
  command -v cargo >/dev/null || { echo "Rust is missing: install it from rustup (see README)" >&2; return 1; }
  command -v npm >/dev/null || { echo "Node.js 20+ and npm are missing (see README)" >&2; return 1; }
}

need_ui() {
  if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
    say "Installing the UI's npm packages"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
  fi
  say "Building the UI"
  (cd "$ROOT/ui" && npm run build --silent)
}

need_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver"
    cargo install tauri-driver --locked --version 2.1.0
  fi
}

# Runs "$@" with a display (Xvfb when there is none) and a D-Bus session with an unlocked
# gnome-keyring, so the app and its keyring behave as on a desktop.
with_desktop() {
  local inner='echo batchline | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"'
  # A data folder of its own for each run: the keyring and the app's data start empty, as on a
  # fresh machine, and never touch (or depend on) this machine's real ones or another run's.
  local data
  data="$(mktemp -d)"
  local status=0
  if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
    XDG_DATA_HOME="$data" dbus-run-session -- sh -c "$inner" sh "$@" || status=$?
  else
    XDG_DATA_HOME="$data" xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- sh -c "$inner" sh "$@" || status=$?
  fi
  rm -rf "$data"
  return "$status"
}
