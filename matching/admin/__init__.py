"""The coordinator console for matching (Django's autodiscover imports this package).

`runs`: the Run matching action, matching runs and bulk decisions; `matches`: proposals,
decisions, the Unmatched page, CSV and the audit trail.
"""

from matching.admin.matches import MatchAdmin as MatchAdmin
from matching.admin.runs import ProgramAdmin as ProgramAdmin
from matching.admin.runs import report_run as report_run
from matching.admin.runs import run_matching_action as run_matching_action
