"""Scoring: post-edit metrics through sacrebleu, MQM scorecards, and review reports."""
