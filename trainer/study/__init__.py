"""Studying: FSRS scheduling, the day boundary, and the session engine both front ends drive."""
