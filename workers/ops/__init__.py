"""Operations tasks: the scheduled backup and recovery drill (``tasks.py``)."""
