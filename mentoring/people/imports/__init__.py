"""Participant import: `rows` reads and checks a spreadsheet, `apply` plans and writes it."""

from mentoring.people.imports.apply import people_import
from mentoring.people.imports.apply import people_import_plan
from mentoring.people.imports.rows import TEMPLATE_COLUMNS
from mentoring.people.imports.rows import ImportFileError
from mentoring.people.imports.rows import ImportReport
from mentoring.people.imports.rows import read_rows
from mentoring.people.imports.rows import template_csv

__all__ = [
    "TEMPLATE_COLUMNS",
    "ImportFileError",
    "ImportReport",
    "people_import",
    "people_import_plan",
    "read_rows",
    "template_csv",
]
