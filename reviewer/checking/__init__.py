"""Checking: the engine that runs the glossary and the checks, the one corpus pass, worker processes, fixes."""
