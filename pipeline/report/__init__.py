"""The report officials open: `report.html` (charts, tables) and `report.xlsx` (sheets).

`data` reads the facts from the warehouse once; `charts` draws them (matplotlib SVG),
`html` lays them out in one self-contained page, `workbook` writes the sheets.
"""
