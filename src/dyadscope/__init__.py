"""dyadscope: documents about two countries → a cited, dated account of their relationship."""

from dyadscope.api import EventList, KnowledgeBase, open
from dyadscope.models import DateInterval, Event, Evidence

__all__ = ["DateInterval", "Event", "EventList", "Evidence", "KnowledgeBase", "open"]
__version__ = "0.1.0"
