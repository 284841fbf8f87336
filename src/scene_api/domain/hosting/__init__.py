"""What activities and events share as hosted things: who sees them, and where and when they happen."""
