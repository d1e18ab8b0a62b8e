"""The MIEUX+ team's back office for requests and their reference data.

Reference data (regions, topics, kinds of activities, eligibility criteria) is edited with
a tab per active language (`reference`). Requests are the team's triage desk
(`capacity_request`): a list to filter, assign and screen in bulk (`queue`, `filters`), a
screening page against the eligibility criteria (`screening`), and a page with the
narrative in each active language side by side, the files, the whole timeline, the workflow
buttons and the message and note boxes (`desk`). The list exports what it shows as CSV
(`requests_app.export`, recorded in the export log) and links to the staff dashboard
(`requests_app.reports`), both in `exports`. Every change to a request goes through
`requests_app.services`, never through a plain admin save that would bypass the transition
table, the timeline and notifications.
The timeline, files, counters and export log are read-only (`records`).
"""

from .capacity_request import CapacityRequestAdmin
from .records import AttachmentAdmin, ExportLogAdmin, ReferenceCounterAdmin, RequestEventAdmin
from .reference import ActivityTypeAdmin, EligibilityCriterionAdmin, RegionAdmin, TopicAdmin

__all__ = [
    "ActivityTypeAdmin",
    "AttachmentAdmin",
    "CapacityRequestAdmin",
    "EligibilityCriterionAdmin",
    "ExportLogAdmin",
    "ReferenceCounterAdmin",
    "RegionAdmin",
    "RequestEventAdmin",
    "TopicAdmin",
]
