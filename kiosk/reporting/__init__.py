"""Report outputs: SVG charts, tables with Vietnamese headers, XLSX, CSV and PDF.

The figures themselves come from `kiosk.core.reports.compute`; this package only lays them out.
"""
