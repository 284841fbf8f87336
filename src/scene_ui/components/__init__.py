"""Reusable pieces every page builds from: the frame, cards, avatars, sections, empty and loading states."""
