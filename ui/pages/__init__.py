"""The tabs of the editor, one page class each, all with load / apply / validate."""
