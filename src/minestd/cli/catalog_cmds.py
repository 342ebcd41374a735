"""(placeholder: commands are added by the issue that owns this module)."""
