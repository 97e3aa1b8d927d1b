"""Setting up one machine of a centre for one role (server, kiosk or display) on Debian.

plan.py computes the actions (user, packages, directories, files, systemd) from the role;
executor.py applies them through a System (system.py: the real machine, or a recording
stand-in under --prefix), changing only what differs, so a second run changes nothing.
"""
