"""What the CEO hears: the sentences of each section, the spoken script, the tough
questions, the unknowns, the commitments made in the meeting, and the Brief that holds
them all.
"""

from execbrief.core.story.brief import Brief, compose, document
from execbrief.core.story.planned_commitments import UPDATE_EVERY, default_commitments

__all__ = ["UPDATE_EVERY", "Brief", "compose", "default_commitments", "document"]
