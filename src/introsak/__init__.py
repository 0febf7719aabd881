"""Introsak: case management for the Norwegian introduction programme."""
