"""The sync: a pure plan of playlist changes, then applying it (see ``engine``)."""

from .engine import RunOptions, SyncEngine, default_matcher_factory
from .plan import PlaylistChange, PlaylistDeletion, SyncPlan, check_safety, plan_folder
from .progress import ProgressEvent
from .report import PlaylistReport, SyncReport

__all__ = [
    "PlaylistChange", "PlaylistDeletion", "PlaylistReport", "ProgressEvent", "RunOptions", "SyncEngine",
    "SyncPlan", "SyncReport", "check_safety", "default_matcher_factory", "plan_folder",
]
