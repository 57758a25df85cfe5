"""The names of a task's statuses and healths, declared once (and cheap to import: shell
completion offers them on every Tab)."""

STATUSES = ("open", "done", "closed", "cancelled")
HEALTHS = ("on_track", "due_soon", "behind", "late", "stalled", "blocked", "needs_due")
