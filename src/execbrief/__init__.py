"""execbrief: brief the CEO after a serious outage, and keep the promises made there."""
