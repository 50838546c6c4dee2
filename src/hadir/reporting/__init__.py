"""The reporting chain (issue 7): a unit's month goes operator -> head of unit -> BKD, is
frozen when verified, and feeds the exports, the monitoring page, dashboards and the bell.
See ``docs/reporting.md``."""
