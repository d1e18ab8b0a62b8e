"""The partner's pages of a request: the list, the step form, files, review, detail.

Views read through QuerySet methods and write only through `services`; they turn the
services' exceptions into messages. Two lookups guard every page (`access`):

* reading (detail, download) uses `visible_to(user)`: staff with the permission see all
  but drafts; partners their institution's, and the joint requests it co-requests (confirmed
  or not answered yet);
* changing (steps, files, review, withdraw, delete) is only for members of the requesting
  institution;
* messages are for them and for members of a co-requesting institution that has confirmed
  (`participating_requests`); a named institution answers on its own page (`joint`).

Every partner POST that moves the workflow is checked against the table first
(`workflow.available`), so a button that is shown, a button that is posted from a stale page
and the service all agree on what is possible.

Anyone else gets a 404, so the pages do not even confirm that a request exists.

The pages live by seam: `listing` (My requests, new), `edit` (steps and files), `review`,
`detail` (with messages, withdraw, delete, download), `joint` (a co-requester's answer),
`record` (the printable PDF);
`summary` is the read-only summary they share.
"""

from .detail import PARTNER_PAGES, delete, detail, download, message, withdraw
from .edit import files, step
from .joint import corequest
from .listing import my_requests, new
from .record import record
from .review import TRANSITION, review
from .summary import step_url

__all__ = [
    "PARTNER_PAGES",
    "TRANSITION",
    "corequest",
    "delete",
    "detail",
    "download",
    "files",
    "message",
    "my_requests",
    "new",
    "record",
    "review",
    "step",
    "step_url",
    "withdraw",
]
