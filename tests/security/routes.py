"""Who may call each route: one line per page, API operation or machine endpoint.

The route matrix (``test_route_matrix.py``: reads, ``test_route_writes.py``: writes) calls
every route declared here as every role, with its path naming an object of the actor's
unit ("own") and of another unit ("other"), and compares the answer with this table. A URL
name or API operation id missing from the table fails the suite, and so does a line for a
route that no longer exists.

Format of a line (``page`` for Django URL names, ``api`` for API operation ids as in
``/api/v1/openapi.json``, ``public`` / ``monitor`` / ``device`` / ``agent`` for the rest)::

    page("unit-detail", read=STAFF, path="unit", refused=404)
    page("device-action#retire", write="op kominfo", path="device", refused=404)

- the name: the URL name or operation id; ``name#variant`` when one route does several
  things: the variant is the ``<action>`` of the path, or a body chosen in ``writes.py``.
- ``read`` / ``write``: the roles that may GET / write (POST, PUT, PATCH, DELETE), as short
  names separated by spaces: ``emp`` (an account linked to an employee, no role), ``head``,
  ``op`` (unit operator), ``bkd``, ``kominfo`` (Diskominfo), ``lead`` (leadership). An
  empty ``read`` means the route is write-only (no GET cell); no ``write`` means read-only.
- ``path``: which object fills the path parameters (a family of ``world.py``: ``unit``,
  ``employee``, ``device``, ``request`` ...). Objects of a family exist in the actor's unit
  and in another unit; the route is then called with both ("own" and "other").
- ``scoped``: ``"path"`` (default when ``path`` is given): the object belongs to a unit, so
  a unit-bound role (``emp``, ``head``, ``op``) gets ``outsider`` (404) for the other
  unit's object whatever it may do in its own; ``"body"``: the posted form names the unit
  or employee (``writes.py`` fills it for both variants) and an allowed unit-bound role
  gets ``outsider`` (a form refusal, 200 by default) with nothing written; ``""``: one
  variant only. ``outsiders`` narrows which unit-bound roles that applies to (an employee
  files only for themselves, so a form naming someone else does not apply to them).
- ``refused``: what a logged-in role outside ``read``/``write`` gets (403, 404, or 302 for
  pages that refuse with a message and send the user back); a tuple accepts any of them.
- ``hidden``: roles that do not even see the object in their own unit, so they get 404
  where the others get ``refused`` (an employee-only account on a unit's report).
- ``lists``: the answer lists things (a list page, a list in JSON): for ``emp``, ``head``
  and ``op`` it must not mention anything of the other unit (its code, its employee's NIP,
  its machine's SN).
- ``args`` / ``query``: fixed path parameters and query string.
- Anonymous callers: a page redirects to the login page, the API answers 401.

A refused write must also leave the database unchanged; an allowed write must answer
neither 401/403/404/405 nor 5xx and take effect: the state ``writes.EFFECTS`` checks, or
else any change in the database. POST bodies live in ``writes.BODIES``: a write route
without a body there is posted empty (then an allowed write that changes nothing fails:
give it a body).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Groups of roles, as they appear again and again below.
ANYONE = "emp head op bkd kominfo lead"  # every logged-in account
STAFF = "head op bkd kominfo lead"  # every account with a role (sees units)
REGION = "bkd kominfo lead"  # region-wide roles


@dataclass(frozen=True)
class Route:
    name: str
    kind: str  # page, api, public, monitor, device, agent
    read: str = ""
    write: str = ""
    path: str = ""
    scoped: str | None = None
    refused: int | tuple[int, ...] = 403
    outsider: int | None = None
    outsiders: str = "emp head op"
    hidden: str = ""
    lists: bool = False
    args: dict[str, str] = field(default_factory=dict)
    query: str = ""

    @property
    def route_name(self) -> str:
        return self.name.split("#", 1)[0]

    @property
    def variant(self) -> str:
        return self.name.split("#", 1)[1] if "#" in self.name else ""

    @property
    def scope(self) -> str:
        if self.scoped is not None:
            return self.scoped
        return "path" if self.path else ""

    @property
    def outsider_status(self) -> int:
        if self.outsider is not None:
            return self.outsider
        return 200 if self.scope == "body" else 404


def page(name: str, **rules: object) -> Route:
    return Route(name, "page", **rules)  # type: ignore[arg-type]


def api(name: str, **rules: object) -> Route:
    return Route(name, "api", **rules)  # type: ignore[arg-type]


def public(name: str, **rules: object) -> Route:
    """Anyone, logged in or not, gets the page (login, the phone page's service worker...)."""
    return Route(name, "public", **rules)  # type: ignore[arg-type]


def monitor(name: str) -> Route:
    """Opened only by ``HADIR_METRICS_TOKEN`` or ``HADIR_METRICS_ALLOW``, never by a session:
    with neither configured (as here) every caller, logged in or not, gets 404 (the cases
    with them configured are in tests/operations/test_metrics.py)."""
    return Route(name, "monitor", read="*")


def device(name: str) -> Route:
    """A machine's PUSH endpoint: known by its SN, no login (cases in test_machine_routes)."""
    return Route(name, "device")


def agent(name: str) -> Route:
    """The LAN agent's API: only an agent token opens it (cases in test_machine_routes)."""
    return Route(name, "agent")


# Import decisions follow issue 11: BKD, or an operator whose units cover the import's.
IMPORT_DECIDERS = "op bkd"
FILERS = "emp head op bkd"  # who files requests (for themselves or their units' people)
EXPORT_Q = "month=2026-01"
RECAP_XLSX = {"kind": "recap", "fmt": "xlsx"}
JANUARY = {"month": "2026-01"}
ROSTER_Q = "month=2026-12"

# One line per route; kept on one line each on purpose (the formatter is told to leave it).
# fmt: off
ROUTES: list[Route] = [
    # --- pages: hadir/urls.py -------------------------------------------------------------
    public("login", read="*"),
    public("logout", write="*"),
    public("set_language", write="*"),
    page("home", read=ANYONE, lists=True),
    page("todo-problems", read="emp head op", refused=404, lists=True),
    page("todo-submit", read="op", refused=404),
    page("todo-submit#confirm", write="op", scoped="body", outsider=302, refused=404),
    page("unit-list", read=ANYONE, lists=True),
    page("unit-detail", read=STAFF, path="unit", refused=404),
    page("employee-list", read=ANYONE, lists=True),
    page("employee-detail", read=ANYONE, path="employee"),
    page("my-profile", read="emp", refused=404),
    page("my-attendance", read="emp", refused=404),
    page("employee-faces", read="head op bkd", write="head op bkd", path="employee", refused=404),
    page("my-faces", read="emp", refused=404),
    page("face-photo", read="emp head op bkd", path="face", refused=404),
    page("face-withdraw", write="emp head op bkd", path="face", refused=404),
    page("employee-attendance", read=ANYONE, path="employee"),
    page("employee-tpp", read=ANYONE, write="bkd", path="employee", refused=404),
    page("unit-tpp", read=STAFF, path="unit", refused=404, query=EXPORT_Q),
    page("tpp-payroll", read=STAFF, refused=404, lists=True, args={"fmt": "csv"}, query=EXPORT_Q),
    page("unit-attendance", read=STAFF, path="unit", refused=404),
    page("policy", read=REGION, write="bkd"),
    page("calendar", read=REGION, write="bkd"),
    page("calendar-remove", write="bkd", path="calendar_day", scoped=""),
    # Events (issue 14, item 6): BKD holds any; a head or operator one-day events of their units.
    page("events", read=STAFF, lists=True),
    page("event-new", read="head op bkd", write="head op bkd", scoped="body", outsiders="head op"),
    page("event-edit", read="head op bkd", write="head op bkd", path="event", hidden="emp"),
    page("event-attendance", read="head op bkd", write="head op bkd", path="event", hidden="emp"),
    page("import-list", read="op bkd", lists=True),
    page("import-new", read="op bkd", write="op bkd"),
    # Units are imported by the region only; an operator's form has no such choice (200).
    page("import-new#units", write="bkd", refused=(200, 403)),
    page("import-template", read="op bkd", args={"kind": "employees", "fmt": "csv"}, lists=True),
    # One new employee (issue 13, item 7): BKD anywhere, an operator in their units.
    page("employee-new", read="op bkd", write="op bkd", scoped="body", outsiders="op"),
    page("import-detail", read="op bkd kominfo lead", path="import", refused=404),
    page("import-decide#confirm", write=IMPORT_DECIDERS, path="import", refused=(403, 404)),
    page("import-decide#cancel", write=IMPORT_DECIDERS, path="import", refused=(403, 404)),
    public("api-v1:openapi-json", read="*"),
    public("api-v1:openapi-view", read="*"),
    page("api-v1:api-root", read="", refused=404),
    public("health", read="*"),
    monitor("metrics"),
    page("held-punches", read="head op bkd kominfo", refused=404, lists=True),
    page("held-punches#release", write="head op bkd kominfo", scoped="body", outsider=302,
         refused=404),
    page("records-start", read="bkd", write="bkd", refused=404),
    page("audit-trail", read="bkd kominfo", refused=404),
    page("password-change", read=ANYONE, write=ANYONE),
    page("lockout-list", read="op kominfo", refused=404),
    page("lockout-unlock", write="op kominfo", scoped="body", outsiders="op", outsider=404,
         refused=404),
    page("parked-days", read="bkd kominfo", refused=403),
    page("panduan", read=ANYONE),
    page("panduan-guide", read=ANYONE, args={"guide": "operator"}),
    page("panduan-image", read=ANYONE, args={"name": "masuk.png"}),
    page("parked-days-retry", write="bkd kominfo", refused=403),
    page("parked-days-dismiss", write="bkd kominfo", refused=403),
    # --- machines: devices/urls.py --------------------------------------------------------
    device("iclock-cdata"),
    device("iclock-getrequest"),
    device("iclock-devicecmd"),
    device("iclock-ping"),
    device("iclock-registry"),
    device("iclock-push"),
    page("device-list", read=STAFF, refused=404, lists=True),
    page("device-register", read="op kominfo", write="op kominfo", scoped="body", refused=404),
    page("device-pending", read=REGION, refused=404),
    page("device-issues", read=STAFF, refused=404, lists=True),
    page("usb-new", read="op bkd", write="op bkd", scoped="body", refused=404),
    page("usb-detail", read="op bkd", path="usb", refused=404),
    page("usb-decide#confirm", write="op bkd", path="usb", refused=404),
    page("usb-decide#cancel", write="op bkd", path="usb", refused=404),
    page("device-detail", read=STAFF, path="device", refused=404),
    page("device-users", read="op bkd", path="device", refused=404),
    page("device-users-action#upload", write="op bkd", path="device", refused=404),
    page("device-users-action#confirm", write="op bkd", path="device", refused=404),
    page("device-users-action#unpair", write="op bkd", path="device", refused=404),
    page("employee-pin-remove", write="op bkd", path="employee_pin", refused=404),
    page("device-action#approve", write="kominfo", path="device_pending", scoped="", refused=404),
    page("device-action#rename", write="op kominfo", path="device", refused=404),
    page("device-action#move", write="op kominfo", path="device", refused=404),
    page("device-action#retire", write="op kominfo", path="device", refused=404),
    page("device-action#replace", write="op kominfo", path="device", refused=404),
    page("device-action#enrol_unit", write="op kominfo", path="device", refused=404),
    page("device-action#enrol", write="op kominfo", path="device", refused=404),
    page("device-action#remove", write="op kominfo", path="device", refused=404),
    page("device-action#backfill", write="op kominfo", path="device", refused=404),
    page("device-action#reconcile", write="op kominfo", path="device", refused=404),
    page("device-action#info", write="op kominfo", path="device", refused=404),
    page("device-action#check", write="op kominfo", path="device", refused=404),
    page("device-action#reboot", write="op kominfo", path="device", refused=404),
    page("device-trust-action#bind", write="kominfo", path="device", refused=404),
    page("device-trust-action#release", write="kominfo", path="device", refused=404),
    page("device-trust-action#registry", write="kominfo", path="device", refused=404),
    page("device-trust-action#resolve", write="kominfo", path="device", refused=404),
    # --- the phone page: mobile/urls.py ---------------------------------------------------
    page("mobile", read=ANYONE, lists=True),
    public("mobile-sw", read="*"),
    public("mobile-manifest", read="*"),
    # --- requests: requests/urls.py -------------------------------------------------------
    page("request-list", read=ANYONE, lists=True),
    page("request-new", read=FILERS, write=FILERS, scoped="body", outsiders="head op", refused=404),
    page("sheet-new", read="head op bkd", write="head op bkd", scoped="body", refused=404),
    page("dispensation-list", read="bkd", write="bkd", refused=404),
    page("dispensation-ask", read="emp head op", write="emp head op", scoped="body",
         outsiders="head op", refused=404),
    page("dispensation-revoke", write="bkd", path="dispensation", scoped="", refused=404),
    page("request-detail", read=ANYONE, path="request"),
    page("request-evidence", read=FILERS, path="evidence", refused=404),
    page("request-act#approve", write="head bkd", path="request"),
    page("request-act#reject", write="head bkd", path="request"),
    page("request-act#verify", write="bkd", path="request_waiting"),
    page("request-act#cancel", write="emp", path="request"),
    # --- reporting: reporting/urls.py -----------------------------------------------------
    page("unit-report", read=STAFF, path="unit", refused=404),
    page("unit-report-action#submit", write="op", path="unit", refused=302, hidden="emp"),
    page("unit-report-action#sign", write="head", path="unit", refused=302, hidden="emp"),
    page("unit-report-action#verify", write="bkd", path="unit", refused=302, hidden="emp"),
    page("unit-report-action#reopen", write="bkd", path="unit", refused=302, hidden="emp"),
    page("unit-export", read=STAFF, path="unit", refused=404, args=RECAP_XLSX, query=EXPORT_Q),
    page("monitoring", read=REGION, refused=404),
    page("region-tpp-export", read="bkd", refused=404, args={"fmt": "xlsx"}, query=EXPORT_Q),
    page("verification-report", read="bkd", refused=404, lists=True),
    page("verification-export", read="bkd", refused=404, query=EXPORT_Q),
    page("dashboard", read=REGION, refused=404),
    page("unit-today", read=STAFF, path="unit", refused=404),
    page("notifications", read=ANYONE, lists=True),
    # --- schedules and rosters: schedules/urls.py (issue 14) ------------------------------
    page("schedule-list", read="head op bkd", refused=403, lists=True),
    page("schedule-new", read="bkd", write="bkd"),
    page("schedule-edit", read="bkd", write="bkd", args={"code": "6HK"}),
    page("shift-save", write="bkd"),
    page("schedule-overrides", read="bkd", write="bkd"),
    page("schedule-override-action#end", write="bkd", path="override", scoped=""),
    page("schedule-override-action#delete", write="bkd", path="override", scoped=""),
    page("unit-schedules", read="head op bkd", write="head op bkd", path="unit",
         outsiders="head op"),
    page("unit-schedule-action#end", write="head op bkd", path="assignment", outsiders="head op"),
    page("unit-schedule-action#delete", write="head op bkd", path="assignment",
         outsiders="head op"),
    page("unit-roster", read="head op bkd", write="head op bkd", path="unit", query=ROSTER_Q,
         outsiders="head op"),
    page("unit-roster-export", read="head op bkd", path="unit", query=ROSTER_Q,
         outsiders="head op"),
    page("unit-roster-action#copy", write="head op bkd", path="unit", outsiders="head op"),
    page("unit-roster-action#swap", write="head op bkd", path="unit", outsiders="head op"),
    page("unit-roster-action#import", write="head op bkd", path="unit", outsiders="head op"),
    # --- JSON API: api/*.py (operation ids) -----------------------------------------------
    api("hadir_api_org_me", read=ANYONE, lists=True),
    api("hadir_api_org_unit_list", read=ANYONE, lists=True),
    api("hadir_api_org_unit_detail", read=STAFF, path="unit", refused=404),
    api("hadir_api_org_unit_employees", read=STAFF, path="unit", refused=404),
    api("hadir_api_org_employee_detail", read=ANYONE, path="employee"),
    api("hadir_api_attendance_unit_recap", read=STAFF, path="unit", refused=404, args=JANUARY),
    api("hadir_api_attendance_employee_days", read=ANYONE, path="employee", query=EXPORT_Q),
    api("hadir_api_devices_device_list", read=ANYONE, lists=True),
    api("hadir_api_devices_device_detail", read=STAFF, path="device", refused=404),
    api("hadir_api_requests_request_create", write=FILERS, scoped="body", refused=404,
        outsider=404),
    api("hadir_api_requests_request_list", read=ANYONE, lists=True),
    api("hadir_api_requests_request_todo", read=ANYONE, lists=True),
    api("hadir_api_requests_request_detail", read=ANYONE, path="request"),
    api("hadir_api_requests_request_approve", write="head bkd", path="request"),
    api("hadir_api_requests_request_verify", write="bkd", path="request_waiting"),
    api("hadir_api_requests_request_reject", write="head bkd", path="request"),
    api("hadir_api_requests_request_cancel", write="emp", path="request"),
    api("hadir_api_requests_request_file", read=FILERS, path="evidence", refused=404),
    api("hadir_api_mobile_capture_create", write="emp"),
    api("hadir_api_mobile_capture_mine", read="emp", refused=404),
    api("hadir_api_mobile_capture_photo", read="emp", path="capture", refused=404),
    agent("hadir_api_agent_agent_punches"),
    agent("hadir_api_agent_agent_health"),
    agent("hadir_api_agent_agent_users"),
    agent("hadir_api_agent_agent_config"),
]
# fmt: on
