"""Administration: editing the catalogue, the centre, accounts and settings; import and export;
the audit log. Plain Python over `kiosk.store`; the server's handlers only translate."""
