#!/bin/sh
# The graphical session of a kiosk or display, started by systemd (lobby-kiosk-ROLE.service)
# as the service user on tty1: a bare X server (no cursor, no blanking, no VT switch), a
# window manager without decorations or key bindings, and the app full screen.
#   session.sh --kbdconfig FILE APP-COMMAND...
# The app's exit status 75 means "staff escape" (kiosk/ui/lockdown.py): passed on so that
# systemd does not restart the session (RestartPreventExitStatus=75).
set -u
STAFF_EXIT=75
marker="${RUNTIME_DIRECTORY:-/tmp}/staff-exit"

if [ "${1:-}" = "--client" ]; then          # inside X, started by xinit
  kbdconfig=$2; shift 2
  xset s off s noblank -dpms
  matchbox-window-manager -use_titlebar no -use_cursor no -kbdconfig "$kbdconfig" &
  "$@"
  status=$?
  [ "$status" = "$STAFF_EXIT" ] && touch "$marker"
  exit "$status"
fi

[ "${1:-}" = "--kbdconfig" ] || { echo "usage: $0 --kbdconfig FILE APP-COMMAND..." >&2; exit 2; }
kbdconfig=$2; shift 2
rm -f "$marker"
xinit "$0" --client "$kbdconfig" "$@" -- /usr/bin/X :0 vt1 -keeptty -nolisten tcp -nocursor -s 0 -dpms -novtswitch
[ -e "$marker" ] && exit "$STAFF_EXIT"
exit 1      # the app or X ended: systemd starts the session again (Restart=always)
