"""The sync: a pure plan of playlist changes, then applying it (see ``engine``)."""

from .engine import RunOptions, SyncEngine, default_matcher_factory
from .plan import HeldBack, PlaylistChange, PlaylistDeletion, SyncPlan, hold_back, plan_folder
from .progress import ProgressEvent
from .report import PlaylistReport, SyncReport

__all__ = [
    "HeldBack", "PlaylistChange", "PlaylistDeletion", "PlaylistReport", "ProgressEvent", "RunOptions", "SyncEngine",
    "SyncPlan", "SyncReport", "default_matcher_factory", "hold_back", "plan_folder",
]
