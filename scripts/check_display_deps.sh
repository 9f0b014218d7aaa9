#!/usr/bin/env bash
# A real Qt window on Linux needs the xcb platform plugin's libraries. Check for them before
# starting the program and say exactly what to install, instead of Qt's cryptic abort.
set -u
[ "$(uname -s)" = "Linux" ] || exit 0
[ "${QT_QPA_PLATFORM:-}" = "offscreen" ] && exit 0
missing_pkgs=()
check() {  # check SONAME DEBIAN_PACKAGE
  ldconfig -p 2>/dev/null | grep -q "$1" || missing_pkgs+=("$2")
}
check libxcb-cursor.so.0       libxcb-cursor0
check libxcb-icccm.so.4        libxcb-icccm4
check libxcb-keysyms.so.1      libxcb-keysyms1
check libxcb-image.so.0        libxcb-image0
check libxcb-render-util.so.0  libxcb-render-util0
check libxcb-xkb.so.1          libxcb-xkb1
check libxkbcommon-x11.so.0    libxkbcommon-x11-0
check libxcb-randr.so.0        libxcb-randr0
check libxcb-shape.so.0        libxcb-shape0
check libxcb-xinerama.so.0     libxcb-xinerama0
check libEGL.so.1              libegl1
check libfontconfig.so.1       libfontconfig1
check libdbus-1.so.3           libdbus-1-3
if [ ${#missing_pkgs[@]} -gt 0 ]; then
  echo "counter_app needs these system libraries to open a window:" >&2
  echo "    sudo apt-get install ${missing_pkgs[*]}" >&2
  exit 1
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No screen found (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "Run this from a desktop session, or under a virtual screen: xvfb-run -a make run" >&2
  exit 1
fi
exit 0
